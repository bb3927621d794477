import type { Clock } from '../../time/clock.js';
import { isCsmApiError, isSpApiError } from '../errors/guards.js';
import { announceWait } from '../events/announce-wait.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log/logger.js';
import { type Layer, withWait } from '../pipeline.js';
import { backoffDelay } from './backoff.js';

/** Options of the retry layer (`retry` client option). */
export interface RetryOptions {
  /**
   * Attempts in total, the first included. With 8, a call survives seven failures in a row: at a 17% fault
   * rate (10% 429, 5% 5xx, 2% dropped connections) one call in about 1.4 million still fails.
   * @default 8
   */
  maxAttempts?: number;
  /**
   * Ceiling of the first backoff; doubles with each attempt.
   * @default 250
   */
  baseDelayMs?: number;
  /**
   * Cap of the backoff ceiling.
   * @default 30000
   */
  maxDelayMs?: number;
  /**
   * Random source of the jitter, returning [0, 1); for tests.
   * @default Math.random
   */
  random?: () => number;
}

/** Defaults of {@link RetryOptions}. */
export const RETRY_DEFAULTS = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 30_000 } as const;

/**
 * Retries what the retry rule (`isRetryable`, recorded on each error as `retryable`) allows, with full
 * jitter exponential backoff on the injected clock. Outermost layer: each attempt takes a fresh rate token
 * and a current access token.
 */
export function retryLayer(
  options: RetryOptions,
  deps: { clock: Clock; logger: Logger; events: EventHub },
): Layer {
  const maxAttempts = Math.max(1, options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts);
  const backoff = {
    baseDelayMs: options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
  };
  const random = options.random ?? Math.random;
  const { clock, logger, events } = deps;
  return (next) => async (context) => {
    let backoffMs = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await next(withWait({ ...context, attempt }, { for: 'retry', ms: backoffMs }));
      } catch (error) {
        // An error of another operation (the RDT request made for this call) was already retried by that
        // operation's own pipeline; retrying it here too would multiply the attempts.
        const foreign = isSpApiError(error) && error.operation !== context.operation.key;
        const retry =
          isCsmApiError(error) &&
          error.retryable &&
          !foreign &&
          attempt < maxAttempts &&
          !context.signal?.aborted;
        if (!retry) throw error;
        backoffMs = backoffDelay(attempt, backoff, random);
        const status = 'status' in error ? error.status : undefined;
        if (backoffMs >= context.deadline.remainingMs()) {
          // Another attempt would start past the call's deadline: the last failure is the answer.
          logger.warn(
            {
              operation: context.operation.key,
              attempt,
              status,
              remainingMs: context.deadline.remainingMs(),
            },
            'sp-api giving up: the call deadline leaves no time for another attempt',
          );
          throw error;
        }
        logger.info(
          { operation: context.operation.key, attempt, delayMs: backoffMs, status },
          'sp-api retrying',
        );
        announceWait(
          {
            operation: context.operation.key,
            attempt: attempt + 1,
            for: 'retry',
            waitMs: backoffMs,
            reason: `attempt ${attempt} of ${maxAttempts} failed (${error.kind}${status ? ` ${status}` : ''}): backing off before retrying`,
          },
          events,
          logger,
        );
        await clock.sleep(backoffMs, context.signal);
      }
    }
  };
}
