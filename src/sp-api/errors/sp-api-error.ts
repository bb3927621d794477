import { CsmApiError, type ErrorKind } from './csm-api-error.js';
import type { Diagnosis } from './diagnosis.js';

/** One entry of Amazon's `errors[]`, redacted. */
export interface SpApiErrorEntry {
  code: string;
  message: string;
  details?: string;
  [key: string]: unknown;
}

/** The fields of an {@link SpApiError}. */
export interface SpApiErrorFields {
  kind: ErrorKind;
  operation: string;
  status: number;
  code: string;
  /** Amazon's message (redacted), without the operation and status prefix of `error.message`. */
  amazonMessage: string;
  details: string | undefined;
  errors: SpApiErrorEntry[];
  requestId: string | undefined;
  retryable: boolean;
  diagnosis: Diagnosis | undefined;
  /** Response headers (lower-case names); kept out of `toJSON()` and `util.inspect`. */
  headers?: Record<string, string>;
  cause?: Error;
}

/**
 * A failed SP-API call: an error response from Amazon, or no usable response at all (status 0, code
 * `NetworkError`; or code `InvalidResponse` for a success status with an unreadable body).
 */
export class SpApiError extends CsmApiError {
  override readonly name = 'SpApiError';
  /** HTTP status of the failed response; 0 when no response arrived. */
  readonly status: number;
  /** Operation key (`searchOrders`, `getOrder@v0`). */
  readonly operation: string;
  /** Amazon's error code (`Unauthorized`, `QuotaExceeded`, `InvalidInput`), or the client's own. */
  readonly code: string;
  /** Amazon's message for the first error, redacted. */
  readonly amazonMessage: string;
  /** Amazon's details for the first error, redacted. */
  readonly details: string | undefined;
  /** Every entry of Amazon's `errors[]`, redacted. */
  readonly errors: SpApiErrorEntry[];
  /** `x-amzn-RequestId`, for Amazon support. */
  readonly requestId: string | undefined;
  /** Response headers (lower-case names). Not enumerable: absent from `toJSON()` and `util.inspect`. */
  declare readonly headers: Record<string, string>;

  constructor(fields: SpApiErrorFields) {
    const suffix = fields.details ? ` (${fields.details})` : '';
    const request = fields.requestId ? ` [request ${fields.requestId}]` : '';
    super(
      `${fields.operation}: ${fields.status || 'no response'} ${fields.code}: ${fields.amazonMessage}${suffix}${request}`,
      {
        kind: fields.kind,
        retryable: fields.retryable,
        diagnosis: fields.diagnosis,
        ...(fields.cause ? { cause: fields.cause } : {}),
      },
    );
    this.status = fields.status;
    this.operation = fields.operation;
    this.code = fields.code;
    this.amazonMessage = fields.amazonMessage;
    this.details = fields.details;
    this.errors = fields.errors;
    this.requestId = fields.requestId;
    Object.defineProperty(this, 'headers', { value: fields.headers ?? {}, enumerable: false });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      operation: this.operation,
      status: this.status,
      code: this.code,
      details: this.details,
      errors: this.errors,
      requestId: this.requestId,
      retryable: this.retryable,
      diagnosis: this.diagnosis,
    };
  }
}
