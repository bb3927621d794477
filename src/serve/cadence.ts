/** The cadence of an account's syncs, as `sync_schedules` keeps it. */
export interface Cadence {
  /** The interval the user set. */
  readonly intervalSeconds: number;
  /** The longest the interval stretches while the account is idle (never below the interval). */
  readonly maxIdleSeconds: number;
  /** Complete syncs in a row that found nothing new or changed. */
  readonly idleRuns: number;
  /** Syncs in a row that failed. */
  readonly failures: number;
}

/** Idle syncs in a row before the interval starts to stretch: a quiet quarter of an hour is normal. */
export const IDLE_GRACE_RUNS = 3;
/** A failing account is retried at most this far apart (and at least at its interval). */
export const MAX_FAILURE_DELAY_SECONDS = 3600;

/**
 * Seconds from one sync's due time to the next. The interval while the account has news; after
 * `IDLE_GRACE_RUNS` idle syncs it doubles with every further idle one, up to `maxIdleSeconds`, and the first
 * sync that finds something brings it back. A failing account backs off the same way from its first
 * failure, up to an hour, so a revoked authorization or an outage is not hammered every five minutes.
 */
export function delaySeconds(cadence: Cadence): number {
  const { intervalSeconds: interval } = cadence;
  if (cadence.failures > 0) {
    return Math.min(interval * 2 ** cadence.failures, Math.max(interval, MAX_FAILURE_DELAY_SECONDS));
  }
  if (cadence.idleRuns > IDLE_GRACE_RUNS) {
    const stretched = interval * 2 ** (cadence.idleRuns - IDLE_GRACE_RUNS);
    return Math.min(stretched, Math.max(interval, cadence.maxIdleSeconds));
  }
  return interval;
}
