import type { Kysely, UpdateObject } from 'kysely';
import { sql } from 'kysely';
import { isSpApiError } from '../../sp-api/errors/guards.js';
import type { SpApiClientEvent } from '../../sp-api/events/client-events.js';
import type { Database } from '../../store/schema.js';
import { OPEN_STATUSES } from '../order-status.js';
import { orderDataKey } from '../pii/order-data-key.js';
import type { IncomingOrder } from '../repository/incoming-order.js';
import { saveOrders } from '../repository/save-orders.js';
import { getOrdersSource } from './get-orders-source.js';
import type { OrderPage, OrderSource, SyncWindow } from './order-source.js';
import { searchOrdersSource } from './search-orders-source.js';
import { SyncError } from './sync-error.js';
import { acquireLease, assertLease } from './sync-lease.js';
import type { SyncDeps, SyncOptions, SyncProgress, SyncSummary } from './sync-types.js';

/** Amazon serves nothing last updated within the past two minutes, and refuses a later `…Before`. */
export const VISIBILITY_DELAY_MS = 2 * 60_000;

const DEFAULTS: Required<SyncOptions> = {
  overlapMs: 10 * 60_000,
  firstSyncDays: 30,
  pageSize: 100,
  maxTokenRestarts: 3,
  recheckAfterMs: 6 * 3600_000,
  recheckLimit: 20,
  leaseMs: 60_000,
};

/**
 * Syncs one account's orders once (docs/sync.md, "The algorithm"):
 *
 * 1. claims the account (one sync per account across every process sharing the store);
 * 2. resumes the window in progress at its stored page token, or opens the next window: from the watermark
 *    minus the overlap (a first sync: `since`, default 30 days back) to two minutes before now, stored
 *    before the first request;
 * 3. fetches one page at a time and commits each page's orders together with the next page's token in one
 *    transaction, so a crash resumes at the page it stopped on; an expired token restarts the window;
 * 4. moves the watermark to the window's end only with the last page;
 * 5. re-checks open orders that stopped changing, a few per call, with getOrder.
 *
 * Resolves with what it did (`outcome: 'aborted'` when `signal` stopped it: the page in flight is
 * abandoned, every committed page stays); rejects with `SyncError` (`SYNC_BUSY`, ...) or the client's error
 * when Amazon kept failing, the stored state intact for the next call.
 */
export async function syncAccount(deps: SyncDeps): Promise<SyncSummary> {
  const { db, client, clock, target, signal } = deps;
  const options = { ...DEFAULTS, ...definedOnly(deps.options ?? {}) };
  checkArguments(deps, options, clock.now());
  const accountId = target.accountId;
  const emit = (event: SyncProgress): void => deps.onProgress?.(event);
  const startedAt = clock.now();
  const lease = await acquireLease(db, clock, accountId, options.leaseMs);

  const counts = { rateLimitWaitMs: 0, retries: 0, throttled: 0 };
  const unsubscribe = [
    client.on('wait', (e) => {
      if (e.for !== 'token') {
        emit({
          type: 'wait',
          accountId,
          operation: e.operation,
          for: e.for,
          waitMs: e.waitMs,
          reason: e.reason,
        });
      }
    }),
    client.on('attempt', (e) => countAttempt(e, counts)),
  ];
  try {
    const piiKey = target.piiAllowed ? await orderDataKey(db, deps.vault, accountId) : undefined;
    const source = sourceFor(deps, options.pageSize);
    const start = await openWindow(db, deps, options, lease.owner);
    const { window } = start;
    let token = start.token;
    let pagesDone = start.pagesDone;
    emit({
      type: 'start',
      accountId,
      sellerId: target.sellerId,
      api: target.api,
      after: window.after,
      before: window.before,
      resumedAtPage: start.pagesDone,
    });
    const totals = {
      pages: 0,
      orders: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      tokenRestarts: 0,
      storeMs: 0,
    };
    let complete = false;
    while (!signal?.aborted) {
      let page: OrderPage;
      try {
        page = await source.page(window, token, signal);
      } catch (error) {
        if (signal?.aborted) break;
        if (token === undefined || !isExpiredToken(error)) throw error;
        totals.tokenRestarts++;
        if (totals.tokenRestarts > options.maxTokenRestarts) {
          throw new SyncError(
            'SYNC_TOKEN_RESTARTS',
            `Amazon called the pagination token expired ${totals.tokenRestarts} times in a row; the window ` +
              `${window.after} – ${window.before} restarts from its first page on the next sync`,
          );
        }
        // The token carried the window's filters; the window itself is still stored. Start it again:
        // pages already stored are stored again as they are (an upsert never goes back in time).
        token = undefined;
        pagesDone = 0;
        await assertLease(db, accountId, lease.owner, new Date(clock.now() + options.leaseMs), {
          page_token: null,
          pages_done: 0,
        });
        emit({ type: 'restart', accountId, reason: 'pagination-token-expired' });
        continue;
      }
      const last = page.nextToken === undefined;
      const storeStart = clock.now();
      const now = clock.now();
      const state = last
        ? windowFinished(windowEnd(window, page.windowEnd), now)
        : { page_token: page.nextToken ?? null, pages_done: pagesDone + 1, updated_at: new Date(now) };
      const saved = await db.transaction().execute(async (trx) => {
        await assertLease(trx, accountId, lease.owner, new Date(now + options.leaseMs), state);
        if (page.alreadyStored.length > 0) await touchChecked(trx, accountId, page.alreadyStored, now);
        return saveOrders(trx, page.orders, { accountId, now, piiKey });
      });
      totals.storeMs += clock.now() - storeStart;
      pagesDone++;
      totals.pages++;
      const onPage = page.orders.length + page.alreadyStored.length;
      totals.orders += onPage;
      totals.created += saved.created;
      totals.updated += saved.updated;
      totals.unchanged += saved.unchanged + page.alreadyStored.length;
      emit({
        type: 'page',
        accountId,
        page: pagesDone,
        orders: onPage,
        written: saved.created + saved.updated,
        totalOrders: totals.orders,
        totalWritten: totals.created + totals.updated,
        more: !last,
        reached: latestUpdate(page),
      });
      if (last) {
        complete = true;
        break;
      }
      token = page.nextToken;
    }
    const recheck = complete
      ? await recheckOpenOrders(deps, options, source, piiKey, lease.owner)
      : { checked: 0, written: 0 };
    if (recheck.checked > 0) emit({ type: 'recheck', accountId, ...recheck });
    const state = await db
      .selectFrom('order_sync_state')
      .select('watermark')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const summary: SyncSummary = {
      accountId,
      sellerId: target.sellerId,
      api: target.api,
      outcome: complete ? 'complete' : 'aborted',
      after: window.after,
      before: window.before,
      resumedAtPage: start.pagesDone,
      pages: totals.pages,
      orders: totals.orders,
      created: totals.created,
      updated: totals.updated,
      unchanged: totals.unchanged,
      rechecked: recheck.checked,
      recheckUpdated: recheck.written,
      tokenRestarts: totals.tokenRestarts,
      rateLimitWaitMs: counts.rateLimitWaitMs,
      retries: counts.retries,
      throttled: counts.throttled,
      watermark: state?.watermark ? iso(state.watermark.getTime()) : null,
      durationMs: clock.now() - startedAt,
      storeMs: totals.storeMs,
    };
    emit({ type: 'done', summary });
    return summary;
  } catch (error) {
    if (!signal?.aborted) await recordError(db, accountId, error, clock.now());
    throw error;
  } finally {
    for (const stop of unsubscribe) stop();
    await lease.release().catch(() => {});
  }
}

/** The source of the account's API: Orders 2026-01-01 by default, v0 as the fallback. */
function sourceFor(deps: SyncDeps, pageSize: number): OrderSource {
  const { client, target, db } = deps;
  if (target.api === 'v0') {
    return getOrdersSource(client, target.marketplaceIds, pageSize, (ids) =>
      storedVersions(db, target.accountId, ids),
    );
  }
  return searchOrdersSource(client, target.marketplaceIds, target.piiAllowed, pageSize);
}

/** The window to work on: the one in progress (same API, no `since`), or the next one, stored first. */
async function openWindow(
  db: Kysely<Database>,
  deps: SyncDeps,
  options: Required<SyncOptions>,
  owner: string,
): Promise<{ window: SyncWindow; token: string | undefined; pagesDone: number }> {
  const { clock, target, since } = deps;
  const state = await db
    .selectFrom('order_sync_state')
    .selectAll()
    .where('account_id', '=', target.accountId)
    .executeTakeFirstOrThrow();
  if (since === undefined && state.window_after && state.window_before && state.window_api === target.api) {
    return {
      window: { after: iso(state.window_after.getTime()), before: iso(state.window_before.getTime()) },
      token: state.page_token ?? undefined,
      pagesDone: state.page_token === null ? 0 : state.pages_done,
    };
  }
  const now = clock.now();
  const before = Math.floor((now - VISIBILITY_DELAY_MS) / 1000) * 1000;
  let after: number;
  if (since !== undefined) after = since.getTime();
  else if (state.watermark) after = state.watermark.getTime() - options.overlapMs;
  else after = now - options.firstSyncDays * 86_400_000;
  after = Math.min(Math.floor(after / 1000) * 1000, before);
  await db.transaction().execute(async (trx) => {
    await assertLease(trx, target.accountId, owner, new Date(clock.now() + options.leaseMs));
    await trx
      .updateTable('order_sync_state')
      .set({
        window_after: new Date(after),
        window_before: new Date(before),
        window_api: target.api,
        page_token: null,
        pages_done: 0,
        updated_at: new Date(now),
      })
      .where('account_id', '=', target.accountId)
      .execute();
  });
  return { window: { after: iso(after), before: iso(before) }, token: undefined, pagesDone: 0 };
}

/** The last page is in: the watermark moves to the window's end (never back), the window closes. */
function windowFinished(end: number, now: number): UpdateObject<Database, 'order_sync_state'> {
  return {
    watermark: sql<Date>`greatest(watermark, ${new Date(end)})`,
    window_after: null,
    window_before: null,
    window_api: null,
    page_token: null,
    pages_done: 0,
    last_completed_at: new Date(now),
    last_error: null,
    last_error_at: null,
    updated_at: new Date(now),
  };
}

/** The window's end: Amazon's `lastUpdatedBefore` if it says one, never later than the one asked for. */
function windowEnd(window: SyncWindow, reported: string | undefined): number {
  const asked = Date.parse(window.before);
  const said = reported === undefined ? Number.NaN : Date.parse(reported);
  return Number.isFinite(said) ? Math.min(said, asked) : asked;
}

/**
 * Open orders (pending, unshipped, partly shipped) that have not changed for `recheckAfterMs` and were
 * not checked for as long are fetched again with getOrder, a few per call, oldest check first: an update
 * a search missed still arrives, and an order stuck in Pending is looked at again.
 */
async function recheckOpenOrders(
  deps: SyncDeps,
  options: Required<SyncOptions>,
  source: OrderSource,
  piiKey: Buffer | undefined,
  owner: string,
): Promise<{ checked: number; written: number }> {
  const { db, clock, target, signal } = deps;
  if (options.recheckLimit <= 0) return { checked: 0, written: 0 };
  const cutoff = new Date(clock.now() - options.recheckAfterMs);
  const stale = await db
    .selectFrom('orders')
    .select('order_id')
    .where('account_id', '=', target.accountId)
    .where('status', 'in', OPEN_STATUSES)
    .where('checked_at', '<', cutoff)
    .where('last_updated_time', '<', cutoff)
    .orderBy('checked_at')
    .limit(options.recheckLimit)
    .execute();
  const fetched: IncomingOrder[] = [];
  const missing: string[] = [];
  for (const { order_id } of stale) {
    if (signal?.aborted) break;
    try {
      const order = await source.order(order_id, signal);
      if (order) fetched.push(order);
      else missing.push(order_id);
    } catch (error) {
      if (signal?.aborted) break;
      throw error;
    }
  }
  if (fetched.length === 0 && missing.length === 0) return { checked: 0, written: 0 };
  const saved = await db.transaction().execute(async (trx) => {
    await assertLease(trx, target.accountId, owner, new Date(clock.now() + options.leaseMs));
    if (missing.length > 0) await touchChecked(trx, target.accountId, missing, clock.now());
    return saveOrders(trx, fetched, { accountId: target.accountId, now: clock.now(), piiKey });
  });
  return { checked: fetched.length + missing.length, written: saved.created + saved.updated };
}

async function touchChecked(trx: Kysely<Database>, accountId: string, ids: readonly string[], now: number) {
  await trx
    .updateTable('orders')
    .set({ checked_at: new Date(now) })
    .where('account_id', '=', accountId)
    .where('order_id', 'in', ids)
    .execute();
}

async function storedVersions(
  db: Kysely<Database>,
  accountId: string,
  ids: readonly string[],
): Promise<ReadonlyMap<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('orders')
    .select(['order_id', 'last_updated_time'])
    .where('account_id', '=', accountId)
    .where('order_id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.order_id, r.last_updated_time.getTime()]));
}

async function recordError(
  db: Kysely<Database>,
  accountId: string,
  error: unknown,
  now: number,
): Promise<void> {
  // Messages of the client's errors and of csm's own are redacted where they are built: no token, no PII.
  const message = error instanceof Error ? error.message : String(error);
  await db
    .updateTable('order_sync_state')
    .set({ last_error: message.slice(0, 2000), last_error_at: new Date(now) })
    .where('account_id', '=', accountId)
    .execute()
    .catch(() => {});
}

function latestUpdate(page: OrderPage): string | undefined {
  let latest: string | undefined;
  for (const o of page.orders) {
    const time = o.api === 'v0' ? o.order.LastUpdateDate : o.order.lastUpdatedTime;
    if (latest === undefined || Date.parse(time) > Date.parse(latest)) latest = time;
  }
  return latest;
}

function isExpiredToken(error: unknown): boolean {
  return isSpApiError(error) && error.diagnosis?.code === 'PAGINATION_TOKEN_EXPIRED';
}

function countAttempt(
  event: SpApiClientEvent,
  counts: { rateLimitWaitMs: number; retries: number; throttled: number },
) {
  if (event.type !== 'attempt') return;
  if (event.attempt > 1) counts.retries++;
  if (event.status === 429) counts.throttled++;
  for (const wait of event.waits) if (wait.for === 'rate-limit') counts.rateLimitWaitMs += wait.ms;
}

function checkArguments(deps: SyncDeps, options: Required<SyncOptions>, now: number): void {
  const { target, since } = deps;
  const invalid = (message: string) => new SyncError('SYNC_INVALID', message);
  if (target.marketplaceIds.length === 0 || target.marketplaceIds.length > 50) {
    throw invalid(`the account needs 1 to 50 marketplaces to sync; it has ${target.marketplaceIds.length}`);
  }
  if (since !== undefined) {
    if (!Number.isFinite(since.getTime())) throw invalid('since is not a valid date');
    if (since.getTime() > now - VISIBILITY_DELAY_MS) {
      throw invalid(
        `since (${since.toISOString()}) is in the future or within the last two minutes, which Amazon does ` +
          'not serve yet: give an earlier date',
      );
    }
  }
  if (!Number.isInteger(options.pageSize) || options.pageSize < 1 || options.pageSize > 100) {
    throw invalid(`pageSize must be an integer from 1 to 100; got ${options.pageSize}`);
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
