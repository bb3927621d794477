import { CsmApiError, type ErrorKind } from './csm-api-error.js';
import type { Diagnosis } from './diagnosis.js';

/** The fields of an {@link LwaError}. */
export interface LwaErrorFields {
  kind: ErrorKind;
  status: number;
  error: string;
  errorDescription: string | undefined;
  grantType: string;
  requestId: string | undefined;
  retryable: boolean;
  diagnosis: Diagnosis | undefined;
  cause?: Error;
}

/** A failed Login with Amazon token request (`{"error", "error_description"}`), or no response (status 0). */
export class LwaError extends CsmApiError {
  override readonly name = 'LwaError';
  /** HTTP status of the token endpoint's answer; 0 when no response arrived. */
  readonly status: number;
  /** OAuth error code (`invalid_client`, `invalid_grant`, ...); `network_error` or `invalid_response` for the client's own. */
  readonly error: string;
  /** LWA's `error_description`, redacted. */
  readonly errorDescription: string | undefined;
  /** The grant that failed: `refresh_token` or `client_credentials`. */
  readonly grantType: string;
  /** LWA's `request_id` or `x-amzn-RequestId`, when sent. */
  readonly requestId: string | undefined;

  constructor(fields: LwaErrorFields) {
    const description = fields.errorDescription ? `: ${fields.errorDescription}` : '';
    super(
      `LWA ${fields.grantType} token request failed: ${fields.status || 'no response'} ${fields.error}${description}`,
      {
        kind: fields.kind,
        retryable: fields.retryable,
        diagnosis: fields.diagnosis,
        ...(fields.cause ? { cause: fields.cause } : {}),
      },
    );
    this.status = fields.status;
    this.error = fields.error;
    this.errorDescription = fields.errorDescription;
    this.grantType = fields.grantType;
    this.requestId = fields.requestId;
  }

  /** LWA's own spelling of {@link errorDescription}. */
  get error_description(): string | undefined {
    return this.errorDescription;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      status: this.status,
      error: this.error,
      error_description: this.errorDescription,
      grantType: this.grantType,
      requestId: this.requestId,
      retryable: this.retryable,
      diagnosis: this.diagnosis,
    };
  }
}
