// The HTTP server: dashboard, REST API (/api/v1), /healthz and /metrics, as a part of `csm serve`.

export { API_PREFIX, buildHttpApp } from './app.js';
export type { Principal } from './auth/principal.js';
export type { HttpDeps, HttpPlugin } from './http-deps.js';
export { ERROR_STATUS, type ErrorCode, HttpError, isHttpError } from './http-error.js';
export {
  HTTP_DEFAULTS,
  type HttpServeOptions,
  type HttpServePart,
  httpServePart,
  isLoopbackHost,
} from './http-serve-part.js';
