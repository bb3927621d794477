import type { Kysely } from 'kysely';
import type { SyncProgress } from '../../orders/sync/index.js';
import type { ServeEvent } from '../../serve/index.js';
import type { Database } from '../../store/schema.js';
import type { CliWriter } from '../output/cli-writer.js';

/** Engine waits shorter than this are not announced: rate-limit pacing of a second is the normal case. */
const ANNOUNCE_WAIT_MS = 5000;

/** How `csm serve` (and `csm demo`) say what the jobs do: one line per event, on stderr. */
export interface ServeLog {
  /** Receives the serve's events; lines are written in order (account names are looked up as needed). */
  readonly onEvent: (event: ServeEvent) => void;
  /** Resolves when every line of the events so far is written. */
  idle(): Promise<void>;
}

/**
 * Turns the serve's events into lines `PREFIX: ACCOUNT: what happened`, naming accounts as the user named
 * them. Syncs say when they start and how they end (with the next due time); pages are told as they are
 * committed, and waits longer than five seconds with what for and how long.
 */
export function serveLog(
  db: Kysely<Database>,
  stderr: CliWriter,
  options: { prefix: string; pages?: boolean },
): ServeLog {
  const names = new Map<string, string>();
  let queue: Promise<void> = Promise.resolve();
  const say = (text: string) => stderr.write(`${options.prefix}: ${text}\n`);
  const nameOf = async (id: string): Promise<string> => {
    if (!names.has(id)) {
      for (const row of await db.selectFrom('accounts').select(['id', 'name']).execute())
        names.set(row.id, row.name);
    }
    return names.get(id) ?? id;
  };

  const line = async (event: ServeEvent): Promise<void> => {
    switch (event.type) {
      case 'started':
        say(
          `running ${event.workersOnly ? '' : event.concurrency > 0 ? 'the scheduler and ' : 'the scheduler only, no '}` +
            `${event.concurrency > 0 ? `${event.concurrency} ` : ''}sync workers (process ${event.owner}); stop with Ctrl-C or SIGTERM`,
        );
        return;
      case 'sync-queued':
        return;
      case 'sync-start': {
        const why = { schedule: 'scheduled', request: 'requested', resume: 'resuming a run that stopped' }[
          event.reason
        ];
        const late = event.lagMs >= 1000 ? `, ${(event.lagMs / 1000).toFixed(1)} s after it was due` : '';
        say(`${await nameOf(event.accountId)}: sync started (${why}${late})`);
        return;
      }
      case 'sync-progress':
        return progress(await nameOf(event.accountId), event.progress as SyncProgress);
      case 'sync-end': {
        const name = await nameOf(event.accountId);
        const next = event.nextRunAt.slice(11, 19);
        const { outcome } = event;
        switch (outcome.kind) {
          case 'changed':
          case 'idle':
            say(
              `${name}: sync done, ${outcome.orders} orders seen${outcome.kind === 'idle' ? ', nothing new' : ''}; next at ${next} UTC`,
            );
            return;
          case 'aborted':
            say(
              `${name}: sync stopped; its page in flight was abandoned and it resumes from the last committed page`,
            );
            return;
          case 'busy':
            say(`${name}: another sync holds this account (${outcome.message}); trying again at ${next} UTC`);
            return;
          case 'failed':
            say(`${name}: sync failed: ${outcome.message}; next try at ${next} UTC`);
            return;
        }
        return;
      }
      case 'shipment': {
        const e = event.event;
        if (e.type === 'confirmed' || e.type === 'failed' || e.type === 'retry') {
          say(
            `order ${e.orderId} package ${e.packageReferenceId}: ${e.type === 'retry' ? `will retry at ${e.retryAt ?? '?'}` : e.type}` +
              (e.message ? ` (${e.message})` : ''),
          );
        }
        return;
      }
      case 'pii-deleted':
        if (event.orders > 0)
          say(`deleted the buyer and recipient data of ${event.orders} orders past retention`);
        return;
      case 'stopping':
        say(
          `${event.reason}: stopping` +
            (event.running > 0
              ? `; ${event.running} running sync${event.running === 1 ? '' : 's'} abandon${event.running === 1 ? 's' : ''} the page in flight (committed pages stay)`
              : ''),
        );
        return;
      case 'error':
        say(`${event.where}: ${event.message}`);
        return;
    }
  };

  const progress = (name: string, p: SyncProgress): void => {
    switch (p.type) {
      case 'start':
        say(
          `${name}: orders last updated ${p.after} – ${p.before} (Orders API ${p.api})` +
            (p.resumedAtPage > 0 ? `, resuming after page ${p.resumedAtPage}` : ''),
        );
        return;
      case 'page':
        if (options.pages !== false) {
          say(
            `${name}: page ${p.page}: ${p.orders} orders, ${p.written} new or changed${p.more ? '' : ' (last page)'}`,
          );
        }
        return;
      case 'wait':
        if (p.waitMs >= ANNOUNCE_WAIT_MS) {
          say(
            `${name}: waiting ${(p.waitMs / 1000).toFixed(0)} s for ${p.operation} (${p.for}: ${p.reason})`,
          );
        }
        return;
      case 'restart':
        say(`${name}: Amazon called the pagination token expired: restarting the window`);
        return;
      case 'recheck':
        if (p.checked > 0)
          say(`${name}: re-checked ${p.checked} open orders that stopped changing, ${p.written} had changed`);
        return;
      case 'done':
        return;
    }
  };

  return {
    onEvent(event) {
      queue = queue.then(() => line(event)).catch(() => {});
    },
    idle: () => queue,
  };
}
