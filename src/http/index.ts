// The HTTP server: dashboard, REST API (/api/v1), /healthz and /metrics, as a part of `csm serve`.

export { API_PREFIX, buildHttpApp } from './app.js';
export {
  createToken,
  listTokens,
  type NewToken,
  revokeToken,
  type TokenScope,
  type TokenView,
} from './auth/api-tokens.js';
export { type AuditEntry, audit } from './auth/audit-log.js';
export { AuthInputError, isAuthInputError } from './auth/auth-error.js';
export { canSeeAccount, type Principal } from './auth/principal.js';
export { createSetupToken } from './auth/setup-link.js';
export { addUser, hasUsers, listUsers, type NewUser, type UserView } from './auth/users.js';
export type { HttpDeps, HttpPlugin } from './http-deps.js';
export { ERROR_STATUS, type ErrorCode, HttpError, isHttpError } from './http-error.js';
export {
  HTTP_DEFAULTS,
  type HttpServeOptions,
  type HttpServePart,
  httpServePart,
  isLoopbackHost,
} from './http-serve-part.js';
export { SpApiCounters } from './metrics/sp-api-counters.js';
