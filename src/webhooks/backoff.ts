/** When a failed delivery is tried again, and when it is given up. */
export interface BackoffOptions {
  /** The wait after the first failure. @default 30_000 */
  readonly firstMs?: number;
  /** Each wait is this many times the one before. @default 4 */
  readonly factor?: number;
  /** The longest wait. @default 6 hours */
  readonly maxMs?: number;
  /** A delivery still failing this long after its event is given up. @default 3 days */
  readonly giveUpAfterMs?: number;
  /** Each wait is scaled by a random factor in [1 - jitter, 1 + jitter]. @default 0.2 */
  readonly jitter?: number;
}

export const BACKOFF_DEFAULTS: Required<BackoffOptions> = {
  firstMs: 30_000,
  factor: 4,
  maxMs: 6 * 3600_000,
  giveUpAfterMs: 3 * 86_400_000,
  jitter: 0.2,
};

/**
 * The wait after failed attempt `attempt` (1-based): 30 s, 2 m, 8 m, 32 m, 2 h 8 m, then 6 h, each with
 * jitter so the deliveries of one outage do not all come back in the same second. `random` in [0, 1).
 */
export function retryDelayMs(attempt: number, options: BackoffOptions = {}, random = Math.random()): number {
  const o = { ...BACKOFF_DEFAULTS, ...options };
  const base = Math.min(o.maxMs, o.firstMs * o.factor ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - o.jitter + 2 * o.jitter * random));
}
