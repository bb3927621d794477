import type { Clock } from '../../src/time/clock.js';

/** A clock on virtual time: `sleep` and timers never wait for real; time jumps to the next due one. */
export interface FakeClock extends Clock {
  /** Moves time forward by hand (e.g. to let a cached token age); timers now due fire in order. */
  advance(ms: number): void;
  /** Virtual milliseconds since the clock was created. */
  elapsed(): number;
}

interface Pending {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * Virtual time for tests. When every promise chain has settled (checked with `setImmediate`, which runs
 * after all pending microtasks), the earliest timer fires and time jumps to its deadline. Nothing waits
 * for real, and concurrent sleepers wake in deadline order, as they would on a real clock.
 */
export function createFakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let now = start;
  let seq = 0;
  let scheduled = false;
  const pending: Pending[] = [];

  const remove = (entry: Pending): void => {
    const index = pending.indexOf(entry);
    if (index >= 0) pending.splice(index, 1);
  };
  const tick = (): void => {
    scheduled = false;
    pending.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const next = pending.shift();
    if (!next) return;
    now = Math.max(now, next.at);
    next.fire();
    if (pending.length > 0) schedule();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(tick);
  };
  const setTimer: Clock['setTimer'] = (ms, fn) => {
    const entry: Pending = { at: now + Math.max(0, ms), seq: seq++, fire: fn };
    pending.push(entry);
    schedule();
    return { cancel: () => remove(entry) };
  };

  return {
    now: () => now,
    elapsed: () => now - start,
    advance(ms) {
      now += ms;
      schedule();
    },
    setTimer,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const timer = setTimer(ms, resolve);
        signal?.addEventListener(
          'abort',
          () => {
            timer.cancel();
            reject(signal.reason);
          },
          { once: true },
        );
      });
    },
  };
}
