import { CsmApiError } from '../errors/csm-api-error.js';
import type { Diagnosis } from '../errors/diagnosis.js';

/**
 * A feed or report was not done within `maxWaitMs`. Amazon keeps processing it: nothing was cancelled, and
 * waiting again with the same id picks it up. Resubmitting a feed instead would apply it twice.
 */
export class ProcessingWaitError extends CsmApiError {
  override readonly name = 'ProcessingWaitError';
  declare readonly diagnosis: Diagnosis;

  constructor(
    readonly processing: 'feed' | 'report',
    /** The feed id or report id. */
    readonly id: string,
    /** Its status at the last check. */
    readonly processingStatus: string,
    readonly maxWaitMs: number,
  ) {
    const minutes = Math.round(maxWaitMs / 6000) / 10;
    super(`${processing} ${id} is still ${processingStatus} after ${minutes} min of waiting`, {
      kind: 'server',
      retryable: false,
      diagnosis: {
        code: 'PROCESSING_WAIT_EXCEEDED',
        cause: `Amazon has not finished the ${processing} yet: ${processing}s can wait in Amazon's queue a long time at busy hours, and large ones take longer to process`,
        fix:
          processing === 'feed'
            ? `wait again for feed ${id} later (waitForFeed with the same id, or a larger maxWaitMs); do not submit it again, it would be applied twice`
            : `wait again for report ${id} later (waitForReport with the same id, or a larger maxWaitMs)`,
      },
    });
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      processing: this.processing,
      id: this.id,
      processingStatus: this.processingStatus,
      maxWaitMs: this.maxWaitMs,
      retryable: this.retryable,
      diagnosis: this.diagnosis,
    };
  }
}
