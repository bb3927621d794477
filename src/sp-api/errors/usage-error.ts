import { CsmApiError } from './csm-api-error.js';
import type { Diagnosis } from './diagnosis.js';
import type { UsageCode } from './diagnosis-codes.js';

/**
 * The client refused to send a call, or to be created: missing credentials, a request it cannot build,
 * an unknown operation, a pagination loop, options that cannot work. Nothing reached Amazon; the message
 * names the problem and `diagnosis.fix` the fix. Never retried.
 */
export class SpApiUsageError extends CsmApiError {
  override readonly name = 'SpApiUsageError';
  declare readonly kind: 'usage';
  /** The stable code of the refusal (also `diagnosis.code`). */
  readonly code: UsageCode;
  /** The operation called, when the refusal concerns one. */
  readonly operation: string | undefined;
  declare readonly diagnosis: Diagnosis;

  constructor(fields: { code: UsageCode; message: string; cause: string; fix: string; operation?: string }) {
    super(fields.operation ? `${fields.operation}: ${fields.message}` : fields.message, {
      kind: 'usage',
      retryable: false,
      diagnosis: { code: fields.code, cause: fields.cause, fix: fields.fix },
    });
    this.code = fields.code;
    this.operation = fields.operation;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      code: this.code,
      operation: this.operation,
      retryable: this.retryable,
      diagnosis: this.diagnosis,
    };
  }
}
