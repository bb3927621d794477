/**
 * A token bucket whose token count may go negative: a negative count is a queue of reservations, each
 * waiting for the refill to reach it. Pure functions on plain data, so the maths is testable on any clock
 * and a store can keep the state anywhere.
 *
 * Tickets number the reservations (1, 2, 3...). Ticket `n` may go once `issued + tokens >= n`: the tokens
 * refilled since cover every reservation up to it.
 */
export interface TokenBucketState {
  /** Tokens available at `updatedAt`; negative when calls are queued. */
  tokens: number;
  /** Milliseconds since the epoch of the last update. */
  updatedAt: number;
  /** Tokens per second. */
  rate: number;
  burst: number;
  /** Reservations handed out so far (the last ticket number). */
  issued: number;
}

// Floating-point slack, so a token that is due now is not reported as 0.0000001 ms away.
const EPSILON = 1e-9;

/** A full bucket. */
export function newBucket(rate: number, burst: number, now: number): TokenBucketState {
  return { tokens: burst, updatedAt: now, rate, burst, issued: 0 };
}

/** The bucket refilled up to `now` (never above `burst`). */
export function refill(bucket: TokenBucketState, now: number): TokenBucketState {
  const elapsed = Math.max(0, now - bucket.updatedAt) / 1000;
  return {
    ...bucket,
    tokens: Math.min(bucket.burst, bucket.tokens + elapsed * bucket.rate),
    updatedAt: Math.max(now, bucket.updatedAt),
  };
}

/** Milliseconds until ticket `ticket` may go. */
export function waitForTicket(bucket: TokenBucketState, ticket: number, now: number): number {
  const current = refill(bucket, now);
  const deficit = ticket - (current.issued + current.tokens);
  return deficit <= EPSILON ? 0 : Math.ceil((deficit / current.rate) * 1000);
}

/** Takes one token: the new state, the ticket, and how long until it may be used. */
export function reserve(
  bucket: TokenBucketState,
  now: number,
): { bucket: TokenBucketState; ticket: number; waitMs: number } {
  const current = refill(bucket, now);
  const next = { ...current, tokens: current.tokens - 1, issued: current.issued + 1 };
  return { bucket: next, ticket: next.issued, waitMs: waitForTicket(next, next.issued, now) };
}

/** Changes the rate from `now` on (tokens earned so far at the old rate are kept). */
export function withRate(bucket: TokenBucketState, rate: number, now: number): TokenBucketState {
  return { ...refill(bucket, now), rate };
}

/** No tokens left; reservations already handed out stay queued. */
export function drained(bucket: TokenBucketState, now: number): TokenBucketState {
  const current = refill(bucket, now);
  return { ...current, tokens: Math.min(current.tokens, 0) };
}
