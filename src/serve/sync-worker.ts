import type { Kysely } from 'kysely';
import type { JobHandler } from '../store/jobs/index.js';
import type { Database } from '../store/schema.js';
import type { Clock, Timer } from '../time/clock.js';
import type { ServeEvent } from './serve-event.js';
import { isBusyError, type SyncRunner } from './sync-runner.js';
import {
  finishRun,
  heartbeat,
  type QueuedSync,
  type RunOutcome,
  SCHEDULE_DEFAULTS,
  startRun,
} from './sync-schedules.js';

/** What the sync jobs' handler needs. */
export interface SyncWorkerDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly runner: SyncRunner;
  /** This process, as the schedule names the owner of a run. */
  readonly owner: string;
  /** @default 60_000 */
  readonly staleMs?: number;
  readonly onEvent: (event: ServeEvent) => void;
}

/**
 * Runs one queued sync: marks the run as this process's (a job queued twice, or for an account another
 * process runs, does nothing), says every third of `staleMs` that it is alive, runs the engine with the
 * worker's abort signal, and records the outcome and the next due time. The engine's errors are the
 * account's, recorded on its schedule, not the job's: the job completes.
 */
export function syncJobHandler(deps: SyncWorkerDeps): JobHandler<QueuedSync> {
  const { db, clock, owner } = deps;
  const staleMs = deps.staleMs ?? SCHEDULE_DEFAULTS.staleMs;
  return async (job, shutdown) => {
    const { accountId, reason } = job.data;
    const dueAt = new Date(job.data.dueAt);
    const started = await startRun(db, { accountId, owner, dueAt, now: new Date(clock.now()), staleMs });
    if (!started) return { skipped: 'the account is gone, or another process runs it' };
    deps.onEvent({
      type: 'sync-start',
      accountId,
      reason,
      dueAt: dueAt.toISOString(),
      lagMs: Math.max(0, started.startedAt.getTime() - dueAt.getTime()),
    });

    // Shutdown aborts the run; so does losing the account to another process (this one was thought dead).
    const abort = new AbortController();
    const onShutdown = () => abort.abort(shutdown.reason);
    shutdown.addEventListener('abort', onShutdown, { once: true });
    if (shutdown.aborted) onShutdown();
    let timer: Timer | undefined;
    const beat = (): void => {
      timer = clock.setTimer(staleMs / 3, () => {
        heartbeat(db, accountId, owner, new Date(clock.now()))
          .then((mine) => {
            if (!mine) abort.abort(new Error('another process took the account over'));
          })
          .catch(() => {}) // the store is away for a moment: the next beat tries again
          .finally(() => {
            if (!abort.signal.aborted) beat();
          });
      });
    };
    beat();

    let outcome: RunOutcome;
    try {
      const result = await deps.runner({
        accountId,
        signal: abort.signal,
        onProgress: (progress) => deps.onEvent({ type: 'sync-progress', accountId, progress }),
      });
      const changed = result.created + result.updated + result.recheckUpdated > 0;
      outcome =
        result.outcome === 'aborted'
          ? { kind: 'aborted', orders: result.orders }
          : { kind: changed ? 'changed' : 'idle', orders: result.orders };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (abort.signal.aborted) outcome = { kind: 'aborted', orders: 0 };
      else if (isBusyError(error)) outcome = { kind: 'busy', message };
      else outcome = { kind: 'failed', message };
    } finally {
      timer?.cancel();
      shutdown.removeEventListener('abort', onShutdown);
    }
    const { nextRunAt } = await finishRun(db, {
      accountId,
      owner,
      dueAt,
      started,
      now: new Date(clock.now()),
      outcome,
    });
    deps.onEvent({ type: 'sync-end', accountId, outcome, nextRunAt: nextRunAt.toISOString() });
    return { outcome: outcome.kind };
  };
}
