/** Where the REST API lives. */
export const API_PREFIX = '/api/v1';
