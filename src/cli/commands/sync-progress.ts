import type { SyncProgress, SyncSummary } from '../../orders/index.js';
import type { Clock } from '../../time/clock.js';
import type { CliWriter } from '../output/cli-writer.js';

/** Waits shorter than this are not announced (docs/cli.md: longer waits say what for and how long). */
const ANNOUNCE_WAIT_MS = 1000;
/** A terminal's progress lines are redrawn at most this often. */
const REDRAW_MS = 100;
const BAR_WIDTH = 20;

/** Shows `csm sync`'s progress on stderr: bars on a terminal, plain lines otherwise. */
export interface SyncReporter {
  /** The progress of one account's sync, named as the user knows it. */
  event(account: string, event: SyncProgress): void;
  /** An account's sync failed; `message` names the problem and the fix. */
  failed(account: string, message: string): void;
  /** Final redraw (a terminal's bars stay on screen). */
  end(): void;
}

/** Plain lines, one per event: for logs, pipes and CI. */
export function lineReporter(stderr: CliWriter): SyncReporter {
  const say = (account: string, text: string) => stderr.write(`csm sync: ${account}: ${text}\n`);
  return {
    event(account, e) {
      switch (e.type) {
        case 'start':
          say(account, `orders last updated ${e.after} – ${e.before} (Orders API ${e.api})`);
          if (e.resumedAtPage > 0)
            say(account, `resuming after page ${e.resumedAtPage}, where an earlier sync stopped`);
          break;
        case 'page':
          say(
            account,
            `page ${e.page}: ${e.orders} orders, ${e.written} new or changed (${e.totalOrders} so far)` +
              (e.more ? '' : ', last page'),
          );
          break;
        case 'wait':
          if (e.waitMs >= ANNOUNCE_WAIT_MS) {
            say(account, `waiting ${seconds(e.waitMs)} for ${e.operation} (${e.for}: ${e.reason})`);
          }
          break;
        case 'restart':
          say(
            account,
            'Amazon called the pagination token expired: restarting the window from its first page',
          );
          break;
        case 'recheck':
          say(account, `re-checked ${e.checked} open orders that stopped changing, ${e.written} had changed`);
          break;
        case 'done':
          say(account, doneText(e.summary));
          break;
      }
    },
    failed(account, message) {
      say(account, `failed: ${message}`);
    },
    end() {},
  };
}

interface Line {
  percent: number;
  page: number;
  orders: number;
  written: number;
  state: string;
  after: number;
  before: number;
}

/**
 * One line per account, redrawn in place: a bar of how far through its window the sync is (pages come
 * oldest first, so the last update reached tells), pages, orders, and what it waits for.
 */
export function barReporter(stderr: CliWriter, clock: Clock): SyncReporter {
  const lines = new Map<string, Line>();
  let drawn = 0;
  let lastDraw = 0;
  const width = () => Math.max(...[...lines.keys()].map((k) => k.length), 7);
  const draw = (force = false) => {
    const now = clock.now();
    if (!force && now - lastDraw < REDRAW_MS) return;
    lastDraw = now;
    let out = drawn > 0 ? `\x1b[${drawn}A` : '';
    for (const [account, l] of lines) {
      const filled = Math.round((l.percent / 100) * BAR_WIDTH);
      const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`;
      out +=
        `\x1b[2K${account.padEnd(width())}  ${bar} ${String(Math.floor(l.percent)).padStart(3)}%  ` +
        `page ${l.page}  ${l.orders} orders (${l.written} new or changed)  ${l.state}\n`;
    }
    drawn = lines.size;
    stderr.write(out);
  };
  const line = (account: string): Line => {
    let l = lines.get(account);
    if (!l) {
      l = { percent: 0, page: 0, orders: 0, written: 0, state: 'starting', after: 0, before: 0 };
      lines.set(account, l);
    }
    return l;
  };
  return {
    event(account, e) {
      const l = line(account);
      switch (e.type) {
        case 'start':
          l.after = Date.parse(e.after);
          l.before = Date.parse(e.before);
          l.page = e.resumedAtPage;
          l.state = e.resumedAtPage > 0 ? `resumed after page ${e.resumedAtPage}` : 'fetching';
          break;
        case 'page': {
          l.page = e.page;
          l.orders = e.totalOrders;
          l.written = e.totalWritten;
          const reached = e.reached === undefined ? Number.NaN : Date.parse(e.reached);
          const span = l.before - l.after;
          if (!e.more) l.percent = 100;
          else if (Number.isFinite(reached) && span > 0) {
            l.percent = Math.max(l.percent, Math.min(99, ((reached - l.after) / span) * 100));
          }
          l.state = e.more ? 'fetching' : 'last page in';
          break;
        }
        case 'wait':
          l.state =
            e.waitMs >= ANNOUNCE_WAIT_MS
              ? `waiting ${seconds(e.waitMs)} (${e.for}, ${e.operation})`
              : l.state;
          break;
        case 'restart':
          l.percent = 0;
          l.state = 'token expired: restarting the window';
          break;
        case 'recheck':
          l.state = `re-checked ${e.checked} open orders`;
          break;
        case 'done':
          l.percent = e.summary.outcome === 'complete' ? 100 : l.percent;
          l.state = e.summary.outcome === 'complete' ? `done in ${seconds(e.summary.durationMs)}` : 'stopped';
          draw(true);
          return;
      }
      draw();
    },
    failed(account, message) {
      line(account).state = 'failed';
      draw(true);
      // The reason goes below the bars, in full.
      stderr.write(`csm sync: ${account}: failed: ${message}\n`);
      drawn = 0;
      lastDraw = 0;
    },
    end() {
      draw(true);
    },
  };
}

function doneText(s: SyncSummary): string {
  if (s.outcome === 'aborted') {
    return `stopped after ${s.pages} pages; committed pages stay, the next csm sync resumes after page ${s.resumedAtPage + s.pages}`;
  }
  return (
    `done: ${s.pages} pages, ${s.orders} orders (${s.created} new, ${s.updated} updated)` +
    (s.rechecked > 0 ? `, ${s.rechecked} re-checked` : '') +
    `, synced up to ${s.watermark}, ${seconds(s.durationMs)}`
  );
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}
