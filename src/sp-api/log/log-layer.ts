import type { Clock } from '../../time/clock.js';
import { isCsmApiError, isSpApiError } from '../errors/guards.js';
import { announceWait, LONG_WAIT_MS } from '../events/announce-wait.js';
import { type EventHub, eventError } from '../events/event-hub.js';
import { hostOf } from '../host-of.js';
import type { Layer } from '../pipeline.js';
import type { Redactor } from '../redact.js';
import type { Logger } from './logger.js';

/**
 * Logs each request sent and each answer (debug), and each failure (info when it will be retried, warn
 * otherwise), and reports each attempt as an `attempt` event. Lines carry the operation, method, redacted
 * URL, status, `x-amzn-RequestId`, rate limit and duration; never headers (they hold the token) or bodies
 * (they hold buyer data).
 */
export function logLayer(deps: {
  logger: Logger;
  clock: Clock;
  events: EventHub;
  redactor: Pick<Redactor, 'url'>;
  attemptTimeoutMs: number;
}): Layer {
  const { logger, clock, events, redactor } = deps;
  return (next) => async (context) => {
    const { operation, request, attempt } = context;
    const line = {
      operation: operation.key,
      method: request.method,
      url: redactor.url(request.url),
      attempt,
    };
    const event = {
      type: 'attempt',
      operation: operation.key,
      attempt,
      method: request.method,
      host: hostOf(request.url),
      waits: context.waits,
    } as const;
    logger.debug(line, 'sp-api request');
    const started = clock.now();
    // A host that takes more than five seconds is said, with the longest it may still take.
    const limitMs = Math.min(deps.attemptTimeoutMs, context.deadline.remainingMs());
    const slow =
      limitMs > LONG_WAIT_MS
        ? clock.setTimer(LONG_WAIT_MS, () =>
            announceWait(
              {
                operation: operation.key,
                attempt,
                for: 'response',
                waitMs: limitMs - LONG_WAIT_MS,
                reason: `no answer from ${event.host} after ${LONG_WAIT_MS / 1000} s; giving up after ${Math.round(limitMs / 1000)} s`,
              },
              events,
              logger,
            ),
          )
        : undefined;
    try {
      const result = await next(context);
      const durationMs = clock.now() - started;
      logger.debug(
        {
          ...line,
          status: result.status,
          requestId: result.requestId,
          rateLimit: result.headers['x-amzn-ratelimit-limit'],
          durationMs,
        },
        'sp-api response',
      );
      events.emit({ ...event, status: result.status, requestId: result.requestId, durationMs });
      return result;
    } catch (error) {
      const durationMs = clock.now() - started;
      if (isCsmApiError(error)) {
        const level = error.retryable ? 'info' : 'warn';
        logger[level]({ ...line, durationMs, error: error.toJSON() }, 'sp-api error');
      } else {
        logger.warn(
          { ...line, durationMs, error: { name: error instanceof Error ? error.name : 'unknown' } },
          'sp-api error',
        );
      }
      const answered = isSpApiError(error) && error.status > 0 ? error : undefined;
      events.emit({
        ...event,
        status: answered?.status,
        requestId: answered?.requestId,
        durationMs,
        error: eventError(error),
      });
      throw error;
    } finally {
      slow?.cancel();
    }
  };
}
