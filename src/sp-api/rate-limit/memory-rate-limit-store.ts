import type { RateLimitStore } from './rate-limit-store.js';
import {
  drained,
  newBucket,
  reserve,
  type TokenBucketState,
  waitForTicket,
  withRate,
} from './token-bucket.js';

/** The default store: buckets in this process's memory. */
export function createMemoryRateLimitStore(): RateLimitStore {
  const buckets = new Map<string, TokenBucketState>();
  // A rate learnt before the bucket's first take (setRate on an unknown key).
  const pendingRates = new Map<string, number>();
  return {
    async take(key, limits, now) {
      const bucket = buckets.get(key) ?? newBucket(pendingRates.get(key) ?? limits.rate, limits.burst, now);
      const { bucket: next, ticket, waitMs } = reserve(bucket, now);
      buckets.set(key, next);
      return { waitMs, ticket };
    },
    async check(key, ticket, now) {
      const bucket = buckets.get(key);
      return bucket ? waitForTicket(bucket, ticket, now) : 0;
    },
    async setRate(key, rate, now) {
      if (!(rate > 0)) return;
      const bucket = buckets.get(key);
      if (bucket) buckets.set(key, withRate(bucket, rate, now));
      else pendingRates.set(key, rate);
    },
    async drain(key, now) {
      const bucket = buckets.get(key);
      if (bucket) buckets.set(key, drained(bucket, now));
    },
  };
}
