import type { Diagnosis } from './diagnosis.js';

/**
 * Base of the client's errors. Everything on it is safe to log: messages are redacted where they are
 * built, and no request headers or bodies are kept.
 */
export abstract class CsmApiError extends Error {
  /** HTTP status of the failed response; 0 when no response arrived. */
  readonly status: number;
  /** Whether the retry rule (`isRetryable`) counts this failure as worth another attempt. */
  readonly retryable: boolean;
  /** Likely cause and fix, from the catalogue of setup-errors.md §7, when known. */
  readonly diagnosis: Diagnosis | undefined;

  protected constructor(
    message: string,
    fields: { status: number; retryable: boolean; diagnosis: Diagnosis | undefined; cause?: Error },
  ) {
    super(message, fields.cause ? { cause: fields.cause } : undefined);
    this.name = new.target.name;
    this.status = fields.status;
    this.retryable = fields.retryable;
    this.diagnosis = fields.diagnosis;
  }

  /** A plain, redacted object for logs and JSON output. */
  abstract toJSON(): Record<string, unknown>;
}
