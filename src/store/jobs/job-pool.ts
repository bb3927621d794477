import type PgBoss from 'pg-boss';
import type { Clock } from '../../time/clock.js';

/** Runs one job; `signal` aborts when the pool stops. Resolves with the job's output, or throws. */
export type JobHandler<T> = (job: PgBoss.Job<T>, signal: AbortSignal) => Promise<object | undefined>;

/** Options of `startJobPool`. */
export interface JobPoolOptions {
  /** Jobs of the queue run at once in this process. */
  readonly concurrency: number;
  /** How often an idle pool asks for jobs (a `wake()` asks at once). @default 2000 */
  readonly pollMs?: number;
  readonly clock: Clock;
  /** A failed poll (the store unreachable for a moment); the pool keeps polling. */
  readonly onError: (error: Error) => void;
}

/** A running pool of one queue's jobs. */
export interface JobPool {
  /** Polls now (a job was just sent by this process). */
  wake(): void;
  /** Jobs running now. */
  running(): number;
  /**
   * Takes no more jobs, aborts the running ones' signals, and resolves once they have settled, each
   * completed or failed in pg-boss as its handler ended.
   */
  stop(reason: unknown): Promise<void>;
}

/**
 * Works one pg-boss queue with up to `concurrency` jobs at once from a single poller: pg-boss 10's `work()`
 * waits for its whole batch before it fetches again, and a poller per slot would multiply idle queries on
 * the embedded database, which runs one statement at a time. A freed slot asks for the next job at once.
 */
export function startJobPool<T>(
  boss: PgBoss,
  queue: string,
  options: JobPoolOptions,
  handler: JobHandler<T>,
): JobPool {
  const pollMs = options.pollMs ?? 2000;
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  let wakeUp: (() => void) | undefined;

  const run = (job: PgBoss.Job<T>): void => {
    const settled = (async () => {
      try {
        const output = await handler(job, abort.signal);
        await boss.complete(queue, job.id, output ?? {});
      } catch (error) {
        await boss.fail(queue, job.id, { message: error instanceof Error ? error.message : String(error) });
      }
    })()
      .catch((error: unknown) => options.onError(asError(error)))
      .finally(() => {
        inFlight.delete(settled);
        wakeUp?.();
      });
    inFlight.add(settled);
  };

  const loop = (async () => {
    while (!stopping) {
      const free = options.concurrency - inFlight.size;
      let fetched = 0;
      if (free > 0) {
        try {
          const jobs = await boss.fetch<T>(queue, { batchSize: free });
          fetched = jobs.length;
          for (const job of jobs) run(job);
        } catch (error) {
          options.onError(asError(error));
        }
      }
      if (stopping) break;
      // A full batch may mean more are waiting: ask again at once while slots are free.
      if (fetched > 0 && fetched === free) continue;
      await new Promise<void>((resolve) => {
        const timer = options.clock.setTimer(pollMs, () => resolve());
        wakeUp = () => {
          timer.cancel();
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();

  return {
    wake: () => wakeUp?.(),
    running: () => inFlight.size,
    async stop(reason) {
      stopping = true;
      wakeUp?.();
      await loop;
      abort.abort(reason);
      await Promise.allSettled([...inFlight]);
    },
  };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
