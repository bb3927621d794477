/** Rate and bucket size of one token bucket. */
export interface BucketLimits {
  /** Tokens added per second. */
  rate: number;
  /** Bucket size: how many calls may go at once after a pause. */
  burst: number;
}

/** A reserved token: its place in the bucket's queue and how long until it exists. */
export interface Reservation {
  /** Milliseconds to wait before using the token (0: use it now). */
  waitMs: number;
  /** Place in the bucket's queue, for {@link RateLimitStore.check}. */
  ticket: number;
}

/**
 * Where token buckets live. Asynchronous so that a later implementation can keep them in PostgreSQL and
 * share them between processes calling for the same seller. Keys are opaque strings (`seller:operation`).
 */
export interface RateLimitStore {
  /**
   * Reserves one token of the bucket `key` and says how long to wait before using it. A bucket seen for
   * the first time starts full with `limits` (`limits.rate` is ignored once {@link setRate} set one).
   * Tokens are reserved in call order, so concurrent callers of one bucket are served first come, first
   * served.
   */
  take(key: string, limits: BucketLimits, now: number): Promise<Reservation>;
  /**
   * How long the holder of `ticket` still has to wait, at the bucket's current rate; a waiting caller asks
   * again now and then, so a rate learnt meanwhile (lower or higher) applies to calls already queued.
   */
  check(key: string, ticket: number, now: number): Promise<number>;
  /** Sets the bucket's rate (tokens per second), e.g. from `x-amzn-RateLimit-Limit`. */
  setRate(key: string, rate: number, now: number): Promise<void>;
  /** Empties the bucket (keeping reservations already made), after Amazon answered 429 anyway. */
  drain(key: string, now: number): Promise<void>;
}
