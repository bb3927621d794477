// JSON schemas of the control endpoints' inputs. Unknown fields are refused, so a typo (`create` for
// `created`) is a 400 naming it instead of a request that silently does nothing.

const sellerId = { type: 'string', minLength: 1, maxLength: 64 } as const;
const count = { type: 'integer', minimum: 0, maximum: 10_000 } as const;

export const SELLER_PARAMS = {
  type: 'object',
  required: ['sellerId'],
  properties: { sellerId: { type: 'string' } },
} as const;

export const AUTHORIZATION_CODE_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { redirectUri: { type: 'string', maxLength: 2048 } },
} as const;

export const REFRESH_TOKEN_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { clientId: { type: 'string', minLength: 1, maxLength: 256 } },
} as const;

export const ROLES_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['roles'],
  properties: { roles: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 64 } } },
} as const;

export const ACTIVITY_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { created: count, updated: count, at: { type: 'string', maxLength: 64 }, sellerId },
} as const;

export const ORDERS_QUERY = {
  type: 'object',
  required: ['sellerId'],
  properties: { sellerId },
} as const;

export const FAULTS_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['spec'],
  properties: { spec: { type: 'string', maxLength: 10_000 } },
} as const;
