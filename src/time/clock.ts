/**
 * Time as a dependency: every wait, timer and timestamp goes through a `Clock`, so tests drive time by
 * hand and never sleep for real. The client, the emulator and everything after them take one.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms` milliseconds; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Calls `fn` once after `ms` milliseconds unless the returned timer is cancelled first. */
  setTimer(ms: number, fn: () => void): Timer;
}

/** A pending `setTimer` call. */
export interface Timer {
  /** Stops the timer; nothing happens if it already fired. */
  cancel(): void;
}

// Node fires a longer timeout at once (with a warning), so longer waits are chained in steps of this.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** The wall clock: `Date.now()` and `setTimeout`. The only place the project reads real time. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    let handle: NodeJS.Timeout;
    const arm = (remaining: number): void => {
      const step = Math.min(Math.max(0, remaining), MAX_TIMEOUT_MS);
      handle = setTimeout(() => (remaining > step ? arm(remaining - step) : fn()), step);
    };
    arm(ms);
    return { cancel: () => clearTimeout(handle) };
  },
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = (): void => {
        timer.cancel();
        reject(signal?.reason);
      };
      const timer = realClock.setTimer(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};
