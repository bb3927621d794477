/** One entry of an SP-API `errors[]`. */
export interface SpApiErrorEntry {
  code: string;
  message: string;
  details?: string;
}

/** An SP-API error answer; operations throw it and the pipeline turns it into `{ "errors": [...] }`. */
export class SpApiError extends Error {
  override name = 'SpApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }

  get body(): { errors: SpApiErrorEntry[] } {
    const entry: SpApiErrorEntry = { code: this.code, message: this.message };
    if (this.details !== undefined) entry.details = this.details;
    return { errors: [entry] };
  }
}

/** Amazon's messages, in one place so every route says the same thing. */
export const MESSAGES = {
  denied: 'Access to requested resource is denied.',
  tokenMissing: 'Access token is missing in the request header.',
  tokenExpired: 'The access token you provided has expired.',
  tokenInvalid: 'The access token you provided is revoked, malformed or invalid.',
  quota: 'You exceeded your quota for the requested resource.',
  internal: 'We encountered an internal error. Please try again.',
  unavailable: 'Temporary overloading or maintenance of the server.',
  notFound: 'The resource specified does not exist.',
} as const;

export const invalidInput = (message: string, details?: string): SpApiError =>
  new SpApiError(400, 'InvalidInput', message, details);

export const unauthorized = (details = ''): SpApiError =>
  new SpApiError(403, 'Unauthorized', MESSAGES.denied, details);

export const quotaExceeded = (): SpApiError => new SpApiError(429, 'QuotaExceeded', MESSAGES.quota, '');

export const notFound = (details = ''): SpApiError =>
  new SpApiError(404, 'NotFound', MESSAGES.notFound, details);
