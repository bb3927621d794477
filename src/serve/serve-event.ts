import type { PackageEvent } from '../fulfillment/send-package.js';
import type { SyncRunProgress } from './sync-runner.js';
import type { QueuedSync, RunOutcome, SyncReason } from './sync-schedules.js';

/** What `csm serve` reports as it works; the command turns these into log lines. */
export type ServeEvent =
  | {
      readonly type: 'started';
      readonly workersOnly: boolean;
      readonly concurrency: number;
      readonly owner: string;
    }
  | { readonly type: 'sync-queued'; readonly sync: QueuedSync }
  | {
      readonly type: 'sync-start';
      readonly accountId: string;
      readonly reason: SyncReason;
      readonly dueAt: string;
      /** From the due time to the start: how far behind the scheduler and the workers are. */
      readonly lagMs: number;
    }
  | { readonly type: 'sync-progress'; readonly accountId: string; readonly progress: SyncRunProgress }
  | {
      readonly type: 'sync-end';
      readonly accountId: string;
      readonly outcome: RunOutcome;
      readonly nextRunAt: string;
    }
  | { readonly type: 'pii-deleted'; readonly orders: number }
  | { readonly type: 'shipment'; readonly event: PackageEvent }
  | { readonly type: 'stopping'; readonly reason: string; readonly running: number }
  | { readonly type: 'error'; readonly where: string; readonly message: string };
