// The long-running process (`csm serve`): jobs, scheduler, workers; the dashboard joins as a part.

export { type Cadence, delaySeconds, IDLE_GRACE_RUNS, MAX_FAILURE_DELAY_SECONDS } from './cadence.js';
export { createQueues, PII_CRON, PII_QUEUE, SYNC_QUEUE } from './queues.js';
export { queueSyncNow } from './request-sync.js';
export { type Scheduler, type SchedulerOptions, startScheduler } from './scheduler.js';
export {
  type RunningServe,
  type ServeContext,
  type ServeOptions,
  type ServePart,
  type ServePartFactory,
  startServe,
} from './serve.js';
export type { ServeEvent } from './serve-event.js';
export {
  isBusyError,
  type SyncRun,
  type SyncRunner,
  type SyncRunProgress,
  type SyncRunResult,
} from './sync-runner.js';
export {
  claimDue,
  ensureSchedules,
  finishRun,
  listSchedules,
  loseDeadRuns,
  type QueuedSync,
  type RunOutcome,
  requestSync,
  runOwnerName,
  SCHEDULE_DEFAULTS,
  type ScheduleView,
  type SyncReason,
  setSchedule,
  startRun,
} from './sync-schedules.js';
export { type SyncWorkerDeps, syncJobHandler } from './sync-worker.js';
