import { SANDBOX_LIMITS } from '../../amazon/limits.js';
import type { Clock } from '../../time/clock.js';
import { isSpApiError } from '../errors/guards.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log/logger.js';
import { type Layer, withWait } from '../pipeline.js';
import type { RateLimitStore } from './rate-limit-store.js';

/** Options of the rate-limit layer (`rateLimit` client option). */
export interface RateLimitOptions {
  /**
   * Fraction of the rate left unused, so clock drift and rounding never push a call over Amazon's bucket.
   * @default 0.02
   */
  safetyMargin?: number;
  /**
   * Multiplies the seed rates (the operation table's, or the sandbox plan's) until Amazon's
   * `x-amzn-RateLimit-Limit` says otherwise. Set it to the emulator's `--rate-scale`: without it, a 429 met
   * before the first success waits for a token at Amazon's real rate (about 3 minutes for searchOrders).
   * @default 1
   */
  rateScale?: number;
  /**
   * A queued call re-reads its wait this often, so a rate learnt meanwhile applies to it.
   * @default 1000
   */
  recheckIntervalMs?: number;
}

/** Defaults of {@link RateLimitOptions}. */
export const RATE_LIMIT_DEFAULTS = { safetyMargin: 0.02, rateScale: 1, recheckIntervalMs: 1000 } as const;

/**
 * Paces calls with a token bucket per (seller, operation), seeded from the operation table (or the sandbox
 * plan) and updated from `x-amzn-RateLimit-Limit`: it waits for a token instead of failing. Grantless
 * operations are keyed by application instead of seller. Buckets of different operations are independent,
 * so a slow operation never holds up another. A 429 that still happens empties the bucket before the retry.
 */
export function rateLimitLayer(input: {
  options: RateLimitOptions;
  store: RateLimitStore;
  clock: Clock;
  logger: Logger;
  events: EventHub;
  sellerKey: string;
  applicationKey: string;
  sandbox: boolean;
}): Layer {
  const margin = input.options.safetyMargin ?? RATE_LIMIT_DEFAULTS.safetyMargin;
  const keep = 1 - Math.min(Math.max(margin, 0), 0.9);
  const scale =
    input.options.rateScale !== undefined && input.options.rateScale > 0
      ? input.options.rateScale
      : RATE_LIMIT_DEFAULTS.rateScale;
  const recheckMs = Math.max(1, input.options.recheckIntervalMs ?? RATE_LIMIT_DEFAULTS.recheckIntervalMs);
  const { store, clock } = input;
  return (next) => async (context) => {
    const { operation } = context;
    const owner = operation.grantless ? input.applicationKey : input.sellerKey;
    const key = `${owner}:${operation.key}`;
    const plan = input.sandbox ? SANDBOX_LIMITS : operation;
    const seedRate = plan.rate * scale * keep;
    const started = clock.now();
    const reservation = await store.take(key, { rate: seedRate, burst: plan.burst }, started);
    let waitMs = reservation.waitMs;
    if (waitMs > 0) {
      input.logger.debug({ operation: operation.key, waitMs }, 'sp-api waiting for rate limit');
      input.events.emit({
        type: 'wait',
        operation: operation.key,
        attempt: context.attempt,
        for: 'rate-limit',
        waitMs,
        reason: `the ${operation.key} bucket is empty (${plan.rate * scale}/s, burst ${plan.burst} until Amazon's rate header says otherwise)`,
      });
    }
    // Wait in slices and ask again: a rate learnt meanwhile (the first response's x-amzn-RateLimit-Limit,
    // or another process's) moves calls that are already queued.
    while (waitMs > 0) {
      await clock.sleep(Math.min(waitMs, recheckMs), context.signal);
      waitMs = await store.check(key, reservation.ticket, clock.now());
    }
    try {
      const result = await next(withWait(context, { for: 'rate-limit', ms: clock.now() - started }));
      await learnRate(result.headers);
      return result;
    } catch (error) {
      // Only this operation's answers speak about its bucket (not, say, the RDT request made for it).
      if (isSpApiError(error) && error.operation === operation.key) {
        if (error.status === 429) await store.drain(key, clock.now());
        await learnRate(error.headers);
      }
      throw error;
    }

    async function learnRate(headers: Record<string, string>): Promise<void> {
      const rate = Number.parseFloat(headers['x-amzn-ratelimit-limit'] ?? '');
      if (Number.isFinite(rate) && rate > 0) await store.setRate(key, rate * keep, clock.now());
    }
  };
}
