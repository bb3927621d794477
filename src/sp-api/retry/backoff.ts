/** Backoff settings. */
export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * "Full jitter" exponential backoff: a uniformly random delay between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^(attempt - 1))`, so clients that failed together do not retry together.
 * `attempt` is the number of the attempt that just failed (1 for the first); `random` returns [0, 1).
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
