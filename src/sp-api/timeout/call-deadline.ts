import type { Clock, Timer } from '../../time/clock.js';

/** Defaults of the `attemptTimeoutMs` and `callTimeoutMs` client options. */
export const TIMEOUT_DEFAULTS = { attemptTimeoutMs: 30_000, callTimeoutMs: 120_000 } as const;

/**
 * The deadline of one call: `callTimeoutMs` of attempts, token fetches and retry backoff. Waits for the
 * rate limit do not count (the rate-limit layer pauses the deadline while it waits): they are planned,
 * announced, and as long as Amazon's bucket needs, which may be minutes for searchOrders.
 */
export interface CallDeadline {
  /** Aborts when the deadline passes. */
  readonly signal: AbortSignal;
  /** Milliseconds left (the full remainder while paused); 0 once passed. */
  remainingMs(): number;
  /** Stops the countdown (a wait for the rate limit begins). */
  pause(): void;
  /** Resumes the countdown where it stopped. */
  resume(): void;
  /** Cancels the timer once the call is over. */
  dispose(): void;
}

/** Starts a deadline of `ms` on the clock. */
export function startCallDeadline(clock: Clock, ms: number): CallDeadline {
  const controller = new AbortController();
  let remaining = ms;
  let since: number | undefined;
  let timer: Timer | undefined;
  const arm = (): void => {
    since = clock.now();
    timer = clock.setTimer(remaining, () => controller.abort(new Error(`call deadline of ${ms} ms passed`)));
  };
  const disarm = (): void => {
    if (since === undefined) return;
    timer?.cancel();
    remaining = Math.max(0, remaining - (clock.now() - since));
    since = undefined;
  };
  arm();
  return {
    signal: controller.signal,
    remainingMs: () =>
      controller.signal.aborted
        ? 0
        : since === undefined
          ? remaining
          : Math.max(0, remaining - (clock.now() - since)),
    pause: disarm,
    resume() {
      if (since === undefined && !controller.signal.aborted) arm();
    },
    dispose: disarm,
  };
}
