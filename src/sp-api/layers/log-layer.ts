import type { Clock } from '../../time/clock.js';
import { CsmApiError } from '../errors/csm-api-error.js';
import type { Logger } from '../logger.js';
import type { Layer } from '../pipeline.js';
import { redactUrl } from '../redact.js';

/**
 * Logs each request sent and each answer (debug), and each failure (info when it will be retried, warn
 * otherwise). Lines carry the operation, method, redacted URL, status, `x-amzn-RequestId`, rate limit and
 * duration; never headers (they hold the token) or bodies (they hold buyer data).
 */
export function logLayer(logger: Logger, clock: Clock): Layer {
  return (next) => async (context) => {
    const { operation, request, attempt } = context;
    const line = { operation: operation.key, method: request.method, url: redactUrl(request.url), attempt };
    logger.debug(line, 'sp-api request');
    const started = clock.now();
    try {
      const result = await next(context);
      logger.debug(
        {
          ...line,
          status: result.status,
          requestId: result.requestId,
          rateLimit: result.headers['x-amzn-ratelimit-limit'],
          durationMs: clock.now() - started,
        },
        'sp-api response',
      );
      return result;
    } catch (error) {
      const durationMs = clock.now() - started;
      if (error instanceof CsmApiError) {
        const level = error.retryable ? 'info' : 'warn';
        logger[level]({ ...line, durationMs, error: error.toJSON() }, 'sp-api error');
      } else {
        logger.warn(
          { ...line, durationMs, error: { name: error instanceof Error ? error.name : 'unknown' } },
          'sp-api error',
        );
      }
      throw error;
    }
  };
}
