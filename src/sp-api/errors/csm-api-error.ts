import type { Diagnosis } from './diagnosis.js';

/**
 * What went wrong, in one word code can branch on:
 *
 * - `auth`: the credentials or a token were refused (LWA errors, an expired, invalid or missing access token).
 * - `role`: the call was authenticated but is not allowed (a missing role, an authorization for another
 *   region, a Draft application, data elements the application may not see).
 * - `throttled`: a 429, after the client's own retries.
 * - `not-found`: a 404.
 * - `invalid-input`: Amazon refused the request as malformed (400 and other 4xx).
 * - `server`: a 5xx from Amazon or LWA.
 * - `network`: no complete response (refused, reset, DNS, timeout).
 * - `invalid-response`: an answer that is not what Amazon sends (unreadable JSON, no token, a redirect).
 * - `usage`: the client refused to send the call (missing credentials, a request it cannot build, bad options).
 */
export type ErrorKind =
  | 'auth'
  | 'role'
  | 'throttled'
  | 'not-found'
  | 'invalid-input'
  | 'server'
  | 'network'
  | 'invalid-response'
  | 'usage';

/**
 * Base of the client's errors. Everything on it is safe to log: messages are redacted where they are
 * built, and no request headers or bodies are kept.
 */
export abstract class CsmApiError extends Error {
  /** What went wrong, to branch on. */
  readonly kind: ErrorKind;
  /** Whether the retry rule (`isRetryable`) counts this failure as worth another attempt. */
  readonly retryable: boolean;
  /** Likely cause, fix and stable code, when the catalogue knows the failure. */
  readonly diagnosis: Diagnosis | undefined;

  protected constructor(
    message: string,
    fields: { kind: ErrorKind; retryable: boolean; diagnosis: Diagnosis | undefined; cause?: Error },
  ) {
    super(message, fields.cause ? { cause: fields.cause } : undefined);
    this.kind = fields.kind;
    this.retryable = fields.retryable;
    this.diagnosis = fields.diagnosis;
  }

  /** A plain, redacted object for logs and JSON output. */
  abstract toJSON(): Record<string, unknown>;
}
