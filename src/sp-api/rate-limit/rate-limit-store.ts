/** Rate and bucket size of one token bucket. */
export interface BucketLimits {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size: how many calls may go at once after a pause. */
  burst: number;
}

/** A reserved place in a bucket's queue and how long until its request may leave. */
export interface Reservation {
  /** Milliseconds to wait before sending (0: send now). */
  waitMs: number;
  /** Place in the bucket's queue, for {@link RateLimitStore.check}, `sent` and `cancel`. */
  ticket: number;
}

/**
 * Where token buckets live. Asynchronous so that a later implementation can keep them in PostgreSQL and
 * share them between processes calling for the same seller. Keys are opaque strings (`seller:operation`).
 * Buckets count each request at the latest moment it may have arrived at Amazon (token-bucket.ts);
 * `marginMs` is the latency assumed for requests that have not left yet.
 */
export interface RateLimitStore {
  /**
   * Reserves the next place in the bucket `key` and says how long to wait before sending. A bucket seen for
   * the first time starts full with `limits` (`limits.rate` is ignored once {@link setRate} set one).
   * Places are handed out in call order, so concurrent callers of one bucket are served first come, first
   * served.
   */
  take(key: string, limits: BucketLimits, now: number, marginMs: number): Promise<Reservation>;
  /**
   * How long the holder of `ticket` still has to wait, planned again at the bucket's current rate and the
   * given margin; a waiting caller asks again now and then, so a rate learnt meanwhile applies to it.
   */
  check(key: string, ticket: number, now: number, marginMs: number): Promise<number>;
  /** The request of `ticket` left at `at`: the bucket counts it from then, and plans later tickets from it. */
  sent(key: string, ticket: number, at: number): Promise<void>;
  /** The request of `ticket` was answered `latencyMs` after it left (or failed then): it arrived by then. */
  answered(key: string, ticket: number, latencyMs: number): Promise<void>;
  /** The holder of `ticket` gave up before sending: its place is freed. */
  cancel(key: string, ticket: number): Promise<void>;
  /** Sets the bucket's rate (tokens per second), e.g. from `x-amzn-RateLimit-Limit`. */
  setRate(key: string, rate: number, now: number): Promise<void>;
  /** Empties the bucket (keeping the places of requests not sent yet), after Amazon answered 429 anyway. */
  drain(key: string, now: number): Promise<void>;
}
