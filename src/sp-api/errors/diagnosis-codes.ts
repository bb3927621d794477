import type { ErrorKind } from './csm-api-error.js';

/**
 * Every diagnosis code the client can give, with the kind of the errors that carry it. Codes are stable
 * across versions: `csm doctor`, the dashboard and callers branch on them, never on message text.
 * docs/sp-api-client.md lists each one.
 */
export const DIAGNOSIS_KINDS = {
  // SP-API answers
  TOKEN_EXPIRED: 'auth',
  TOKEN_INVALID: 'auth',
  TOKEN_MISSING: 'auth',
  WRONG_HOST_OR_PATH: 'auth',
  SIGNATURE_REJECTED: 'auth',
  STS_EXPIRED: 'auth',
  UNAUTHENTICATED: 'auth',
  REGION_MISMATCH: 'role',
  ACCESS_DENIED: 'role',
  ROLE_MISSING: 'role',
  SANDBOX_NO_MATCH: 'invalid-input',
  ROTATION_NOT_ENROLLED: 'invalid-input',
  PAGINATION_TOKEN_EXPIRED: 'invalid-input',
  RDT_INVALID_RESOURCES: 'invalid-input',
  THROTTLED: 'throttled',
  SERVER_ERROR: 'server',
  SANDBOX_SERVER_ERROR: 'server',
  SERVICE_UNAVAILABLE: 'server',
  NOT_FOUND: 'not-found',
  // no usable answer (SP-API or LWA)
  NETWORK_ERROR: 'network',
  ATTEMPT_TIMEOUT: 'network',
  CALL_DEADLINE: 'network',
  INVALID_RESPONSE: 'invalid-response',
  REDIRECT_REFUSED: 'invalid-response',
  // feed and report documents (presigned URLs) and their processing
  FEED_UPLOAD_CONTENT_TYPE: 'invalid-input',
  DOCUMENT_URL_EXPIRED: 'auth',
  DOCUMENT_ACCESS_DENIED: 'auth',
  DOCUMENT_NOT_FOUND: 'not-found',
  DOCUMENT_TRANSFER_FAILED: 'server',
  DOCUMENT_UNREADABLE: 'invalid-response',
  PROCESSING_WAIT_EXCEEDED: 'server',
  // Login with Amazon
  LWA_SECRET_EXPIRED: 'auth',
  LWA_INVALID_CLIENT: 'auth',
  LWA_INVALID_CODE: 'auth',
  LWA_INVALID_GRANT: 'auth',
  LWA_UNAUTHORIZED_CLIENT: 'auth',
  LWA_INVALID_SCOPE: 'auth',
  LWA_UNSUPPORTED_GRANT_TYPE: 'auth',
  LWA_INVALID_REQUEST: 'auth',
  LWA_ACCESS_DENIED: 'auth',
  LWA_THROTTLED: 'throttled',
  LWA_UNAVAILABLE: 'server',
  LWA_NETWORK_ERROR: 'network',
  LWA_INVALID_RESPONSE: 'invalid-response',
  // the client's own refusals (SpApiUsageError)
  INVALID_OPTION: 'usage',
  UNKNOWN_OPERATION: 'usage',
  MISSING_PATH_PARAMETER: 'usage',
  MISSING_REFRESH_TOKEN: 'usage',
  NO_GRANTLESS_SCOPE: 'usage',
  NOT_PAGINATED: 'usage',
  PAGINATION_LOOP: 'usage',
  INVALID_ARGUMENT: 'usage',
} as const satisfies Record<string, ErrorKind>;

/** A stable diagnosis code (a key of {@link DIAGNOSIS_KINDS}). */
export type DiagnosisCode = keyof typeof DIAGNOSIS_KINDS;

/** The codes of the client's own refusals (kind `usage`). */
export type UsageCode = {
  [C in DiagnosisCode]: (typeof DIAGNOSIS_KINDS)[C] extends 'usage' ? C : never;
}[DiagnosisCode];
