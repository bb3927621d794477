import type { RateLimitStore } from './rate-limit-store.js';
import {
  answered,
  cancelled,
  drained,
  left,
  newBucket,
  replan,
  reserve,
  type TokenBucketState,
  withRate,
} from './token-bucket.js';

/** The default store: buckets in this process's memory. */
export function createMemoryRateLimitStore(): RateLimitStore {
  const buckets = new Map<string, TokenBucketState>();
  // A rate learnt before the bucket's first take (setRate on an unknown key).
  const pendingRates = new Map<string, number>();
  const update = (key: string, change: (bucket: TokenBucketState) => TokenBucketState): void => {
    const bucket = buckets.get(key);
    if (bucket) buckets.set(key, change(bucket));
  };
  return {
    async take(key, limits, now, marginMs) {
      const bucket = buckets.get(key) ?? newBucket(pendingRates.get(key) ?? limits.rate, limits.burst, now);
      const { bucket: next, ticket, waitMs } = reserve(bucket, now, marginMs);
      buckets.set(key, next);
      return { waitMs, ticket };
    },
    async check(key, ticket, now, marginMs) {
      const bucket = buckets.get(key);
      if (!bucket) return 0;
      const { bucket: next, waitMs } = replan(bucket, ticket, now, marginMs);
      buckets.set(key, next);
      return waitMs;
    },
    async sent(key, ticket, at) {
      update(key, (bucket) => left(bucket, ticket, at));
    },
    async answered(key, ticket, latencyMs) {
      update(key, (bucket) => answered(bucket, ticket, latencyMs));
    },
    async cancel(key, ticket) {
      update(key, (bucket) => cancelled(bucket, ticket));
    },
    async setRate(key, rate) {
      if (!(rate > 0)) return;
      if (buckets.has(key)) update(key, (bucket) => withRate(bucket, rate));
      else pendingRates.set(key, rate);
    },
    async drain(key, now) {
      update(key, (bucket) => drained(bucket, now));
    },
  };
}
