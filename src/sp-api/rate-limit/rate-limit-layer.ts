import { SANDBOX_LIMITS } from '../../amazon/limits.js';
import type { Clock } from '../../time/clock.js';
import { isSpApiError } from '../errors/guards.js';
import { announceWait } from '../events/announce-wait.js';
import type { EventHub } from '../events/event-hub.js';
import { hostOf } from '../host-of.js';
import type { Logger } from '../log/logger.js';
import { type Layer, withWait } from '../pipeline.js';
import { createArrivalMargins } from './arrival-margin.js';
import type { RateLimitStore } from './rate-limit-store.js';

/** Options of the rate-limit layer (`rateLimit` client option). */
export interface RateLimitOptions {
  /**
   * Multiplies the seed rates (the operation table's, or the sandbox plan's) until Amazon's
   * `x-amzn-RateLimit-Limit` says otherwise. Set it to the emulator's `--rate-scale`: without it, a 429 met
   * before the first success waits for a token at Amazon's real rate (about 3 minutes for searchOrders).
   * @default 1
   */
  rateScale?: number;
  /**
   * Arrival margin (the latency assumed for a request not sent yet, while later ones are planned behind
   * it) before any response time of the host is known, and its floor until five are.
   * @default 250
   */
  initialMarginMs?: number;
  /**
   * Smallest arrival margin, whatever the measured response times.
   * @default 25
   */
  minMarginMs?: number;
  /**
   * Largest arrival margin.
   * @default 3000
   */
  maxMarginMs?: number;
  /**
   * Response times per host the margin is measured over (the longest of them sets it).
   * @default 20
   */
  latencySamples?: number;
  /**
   * Fraction of the rate left unused on top of the arrival margin (for a clock that runs fast, say).
   * @default 0
   */
  safetyMargin?: number;
  /**
   * A queued call re-plans its wait this often, so a rate learnt meanwhile, or a margin measured since,
   * applies to it.
   * @default 1000
   */
  recheckIntervalMs?: number;
}

/** Defaults of {@link RateLimitOptions}. */
export const RATE_LIMIT_DEFAULTS = {
  rateScale: 1,
  initialMarginMs: 250,
  minMarginMs: 25,
  maxMarginMs: 3000,
  latencySamples: 20,
  safetyMargin: 0,
  recheckIntervalMs: 1000,
} as const;

/**
 * Paces calls with a token bucket per (seller, operation), seeded from the operation table (or the sandbox
 * plan) and updated from `x-amzn-RateLimit-Limit`: it waits for a token instead of failing. Grantless
 * operations are keyed by application instead of seller. Buckets of different operations are independent,
 * so a slow operation never holds up another. A 429 that still happens empties the bucket before the retry.
 *
 * It sits below the tokens layer, so a call takes its place in the bucket only once every token it needs
 * is in hand, and it tells the bucket when the request left and when it was answered: the bucket counts
 * each request at the latest moment it may have arrived (token-bucket.ts), so neither an LWA or RDT round
 * trip nor jitter in arrivals can make a request arrive before Amazon has its token.
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
  const options = { ...RATE_LIMIT_DEFAULTS, ...definedOnly(input.options) };
  const keep = 1 - Math.min(Math.max(options.safetyMargin, 0), 0.9);
  const scale = options.rateScale > 0 ? options.rateScale : RATE_LIMIT_DEFAULTS.rateScale;
  const recheckMs = Math.max(1, options.recheckIntervalMs);
  const margins = createArrivalMargins(options);
  // Rates Amazon stated per bucket, to say the true rate when announcing a wait.
  const stated = new Map<string, number>();
  const { store, clock } = input;
  return (next) => async (context) => {
    const { operation } = context;
    const owner = operation.grantless ? input.applicationKey : input.sellerKey;
    const key = `${owner}:${operation.key}`;
    const host = hostOf(context.request.url);
    const plan = input.sandbox ? SANDBOX_LIMITS : operation;
    const started = clock.now();
    const reservation = await store.take(
      key,
      { rate: plan.rate * scale * keep, burst: plan.burst },
      started,
      margins.marginFor(host),
    );
    let waitMs = reservation.waitMs;
    announceWait(
      {
        operation: operation.key,
        attempt: context.attempt,
        for: 'rate-limit',
        waitMs,
        reason: `Amazon's ${operation.key} bucket for this seller is empty: it refills at ${rateOf(stated.get(key) ?? plan.rate * scale)} per second after a burst of ${plan.burst}`,
      },
      input.events,
      input.logger,
    );
    // Wait in slices and plan again: a rate learnt meanwhile (the first response's x-amzn-RateLimit-Limit,
    // or another process's) or a margin measured since moves calls that are already queued. The call's
    // deadline stands still meanwhile: this wait is deliberate and announced, not a host failing to answer.
    context.deadline.pause();
    try {
      while (waitMs > 0) {
        await clock.sleep(Math.min(waitMs, recheckMs), context.signal);
        waitMs = await store.check(key, reservation.ticket, clock.now(), margins.marginFor(host));
      }
    } catch (error) {
      await store.cancel(key, reservation.ticket);
      throw error;
    } finally {
      context.deadline.resume();
    }
    const sentAt = clock.now();
    await store.sent(key, reservation.ticket, sentAt);
    // However the attempt ends, the request arrived (if at all) by then: later requests count it so.
    const arrivedBy = async (): Promise<number> => {
      const latencyMs = clock.now() - sentAt;
      await store.answered(key, reservation.ticket, latencyMs);
      return latencyMs;
    };
    try {
      const result = await next(withWait(context, { for: 'rate-limit', ms: sentAt - started }));
      margins.record(host, await arrivedBy());
      await learnRate(result.headers);
      return result;
    } catch (error) {
      const latencyMs = await arrivedBy();
      // Only this operation's answers speak about its bucket and its host's latency.
      if (isSpApiError(error) && error.operation === operation.key && error.status > 0) {
        margins.record(host, latencyMs);
        if (error.status === 429) await store.drain(key, clock.now());
        await learnRate(error.headers ?? {});
      }
      throw error;
    }

    async function learnRate(headers: Record<string, string>): Promise<void> {
      const rate = Number.parseFloat(headers['x-amzn-ratelimit-limit'] ?? '');
      if (!Number.isFinite(rate) || rate <= 0) return;
      stated.set(key, rate);
      await store.setRate(key, rate * keep, clock.now());
    }
  };
}

// `{ ...defaults, ...options }` would let an explicit `undefined` override a default.
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

// 0.0056 → '0.0056', 10 → '10': the rate as the operation table writes it.
function rateOf(rate: number): string {
  return String(Number(rate.toPrecision(3)));
}
