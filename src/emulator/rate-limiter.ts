interface Bucket {
  tokens: number;
  last: number;
}

/**
 * Token buckets per (application, seller, operation), as Amazon keeps them. A bucket starts full with
 * `burst` tokens and refills at `rate` tokens per second on the injected clock.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one token; false when the bucket is empty (the caller answers 429). */
  take(key: string, rate: number, burst: number, now: number): boolean {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: burst, last: now };
      this.buckets.set(key, bucket);
    } else if (now > bucket.last) {
      bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.last) / 1000) * rate);
      bucket.last = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
