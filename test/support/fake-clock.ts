import type { Clock } from '../../src/index.js';

/** A clock on virtual time: `sleep` never waits for real; time jumps to the next due sleeper. */
export interface FakeClock extends Clock {
  /** Moves time forward by hand (e.g. to let a cached token age). */
  advance(ms: number): void;
  /** Virtual milliseconds since the clock was created. */
  elapsed(): number;
}

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * Virtual time for tests. When every promise chain has settled (checked with `setImmediate`, which runs
 * after all pending microtasks), the earliest sleeper is woken and time jumps to its deadline. Nothing
 * sleeps for real, and concurrent sleepers wake in deadline order, as they would on a real clock.
 */
export function createFakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let now = start;
  let seq = 0;
  let scheduled = false;
  const timers: Timer[] = [];

  const tick = (): void => {
    scheduled = false;
    timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    const timer = timers.shift();
    if (!timer) return;
    now = Math.max(now, timer.at);
    timer.resolve();
    if (timers.length > 0) schedule();
  };
  const schedule = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(tick);
  };

  return {
    now: () => now,
    elapsed: () => now - start,
    advance(ms) {
      now += ms;
    },
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        const timer: Timer = { at: now + Math.max(0, ms), seq: seq++, resolve };
        signal?.addEventListener(
          'abort',
          () => {
            const index = timers.indexOf(timer);
            if (index >= 0) timers.splice(index, 1);
            reject(signal.reason);
          },
          { once: true },
        );
        timers.push(timer);
        schedule();
      });
    },
  };
}
