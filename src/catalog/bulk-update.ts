import { FEED_CONTENT_TYPES, readFeedResult, submitFeed, waitForFeed } from '../sp-api/index.js';
import { type BadRow, type BulkKind, type BulkRow, rowProblem } from './bulk-file.js';
import { type CatalogContext, type CatalogTarget, resolveTarget } from './catalog-context.js';
import { isCatalogError } from './catalog-error.js';
import { describeFailure } from './describe-failure.js';
import type { ListingView } from './find-listing.js';
import { findListings } from './list-listings.js';
import {
  changePatches,
  describeChange,
  type ListingChange,
  type UpdateIssue,
  type UpdateOutcome,
} from './listing-update.js';
import { parsePrice, parseQuantity } from './listing-values.js';
import { changeProblem, currentValue, patchListing } from './patch-listing.js';

/**
 * From this many valid rows on, a bulk update goes as one JSON_LISTINGS_FEED instead of a patchListingsItem
 * per row (docs/writeback.md, "Patch or feed": the patch path's time grows by 0.2 s a row at Amazon's
 * 5 per second, a feed's is about fixed, and this is where they cross).
 */
export const FEED_THRESHOLD = 1_500;
/** patchListingsItem calls in flight at once; the client's rate limiter paces them. */
const PATCH_CONCURRENCY = 8;

/** How a bulk update goes to Amazon: chosen by the number of rows, or forced. */
export type BulkVia = 'auto' | 'patch' | 'feed';

/** A bulk stock or price update from rows of a file. */
export interface BulkUpdateRequest {
  readonly kind: BulkKind;
  readonly rows: readonly BulkRow[];
  readonly accountName?: string | undefined;
  /** The marketplace of rows without `marketplace_id`. @default the account's only one of its region */
  readonly marketplaceId?: string | undefined;
  /** Send the valid rows even when some are bad. @default false: nothing is sent while a row is bad */
  readonly skipInvalid?: boolean;
  /** @default 'auto' */
  readonly via?: BulkVia;
  /** Rows from which `auto` sends a feed. @default FEED_THRESHOLD */
  readonly feedThreshold?: number;
  /** Progress for a person (stderr): what is checked, sent, waited for. */
  readonly onProgress?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** One row's outcome: Amazon's answer, or why it failed after it was sent. */
export interface RowResult {
  readonly line: number;
  readonly sku: string;
  readonly marketplaceId: string;
  readonly outcome?: UpdateOutcome;
  readonly error?: string;
}

/** What a bulk update did. */
export interface BulkUpdateResult {
  /** Rows refused before anything was sent, by line. */
  readonly bad: readonly BadRow[];
  /** False when bad rows stopped it (without `skipInvalid`): nothing was sent. */
  readonly sent: boolean;
  readonly via: 'patch' | 'feed' | undefined;
  /** One per row sent, in file order. */
  readonly results: readonly RowResult[];
  /** Rows that passed every check (sent, or held back by the bad ones). */
  readonly valid: number;
}

/** A row that passed every check, with its target and listing. */
interface ReadyRow {
  readonly row: BulkRow;
  readonly target: CatalogTarget;
  readonly listing: ListingView;
  readonly change: ListingChange;
}

/**
 * Validates every row first (SKU, value, marketplace, duplicates; then with Amazon that each SKU is a
 * listing of the seller, reading 20 SKUs a call), reports each bad row by its line, and sends nothing
 * while one is bad unless `skipInvalid`. Then sends the valid rows by patchListingsItem, or, from
 * `feedThreshold` rows on, as JSON_LISTINGS_FEED, and maps Amazon's answers back to rows.
 */
export async function bulkUpdate(ctx: CatalogContext, request: BulkUpdateRequest): Promise<BulkUpdateResult> {
  const say = request.onProgress ?? (() => {});
  const bad: BadRow[] = [];
  const targets = new Map<string, Promise<CatalogTarget>>();
  const targetOf = (marketplaceId: string | undefined) => {
    const key = marketplaceId ?? '';
    let target = targets.get(key);
    if (!target) {
      target = resolveTarget(ctx, request.accountName, marketplaceId);
      targets.set(key, target);
    }
    return target;
  };

  // 1. Each row on its own: marketplace, SKU, value, and one change per SKU and marketplace.
  const checked: { row: BulkRow; target: CatalogTarget; change: ListingChange }[] = [];
  const seen = new Map<string, number>();
  for (const row of request.rows) {
    let target: CatalogTarget;
    try {
      target = await targetOf(row.marketplaceId ?? request.marketplaceId);
    } catch (error) {
      // An unknown account is the whole file's problem; a marketplace is the row's.
      if (isCatalogError(error) && error.field === 'marketplace') {
        bad.push({ line: row.line, sku: row.sku, reason: error.message });
        continue;
      }
      throw error;
    }
    const problem = rowProblem(request.kind, row, target.marketplaceId);
    if (problem) {
      bad.push({ line: row.line, sku: row.sku, reason: problem });
      continue;
    }
    const key = `${target.marketplaceId}\u0000${row.sku}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      bad.push({
        line: row.line,
        sku: row.sku,
        reason: `SKU ${JSON.stringify(row.sku)} in ${target.marketplaceId} is also on line ${earlier}: one change per SKU and marketplace`,
      });
      continue;
    }
    seen.set(key, row.line);
    const change: ListingChange =
      request.kind === 'stock'
        ? { kind: 'stock', quantity: parseQuantity(row.value) }
        : { kind: 'price', price: parsePrice(row.value, row.currency, target.marketplaceId) };
    checked.push({ row, target, change });
  }

  // 2. With Amazon (reads only): each SKU is a listing of the seller there, and takes this change.
  const ready: ReadyRow[] = [];
  const byMarketplace = groupBy(checked, (c) => c.target.marketplaceId);
  if (checked.length > 0)
    say(`checking ${checked.length} SKU(s) with Amazon (searchListingsItems, 20 a call)`);
  for (const rows of byMarketplace.values()) {
    const target = rows[0]!.target;
    const listings = await findListings(
      target,
      rows.map((r) => r.row.sku),
      request.signal,
    );
    for (const { row, change } of rows) {
      const listing = listings.get(row.sku);
      if (!listing) {
        bad.push({
          line: row.line,
          sku: row.sku,
          reason: `SKU ${JSON.stringify(row.sku)} is not a listing of account ${target.account.name} in ${target.marketplaceId}`,
        });
        continue;
      }
      const problem = changeProblem(listing, change);
      if (problem) {
        bad.push({ line: row.line, sku: row.sku, reason: problem });
        continue;
      }
      ready.push({ row, target, listing, change });
    }
  }
  bad.sort((a, b) => a.line - b.line);
  const valid = ready.length;
  if ((bad.length > 0 && !request.skipInvalid) || valid === 0) {
    return { bad, sent: false, via: undefined, results: [], valid };
  }

  // 3. Send.
  const threshold = request.feedThreshold ?? FEED_THRESHOLD;
  const via =
    request.via === 'patch' || request.via === 'feed'
      ? request.via
      : ready.length >= threshold
        ? 'feed'
        : 'patch';
  ready.sort((a, b) => a.row.line - b.row.line);
  const results =
    via === 'patch'
      ? await sendPatches(ready, say, request.signal)
      : await sendFeed(ctx, ready, say, request.signal);
  return { bad, sent: true, via, results, valid };
}

/** One patchListingsItem per row, paced by the client; a row that fails does not stop the others. */
async function sendPatches(
  rows: readonly ReadyRow[],
  say: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<RowResult[]> {
  say(`sending ${rows.length} update(s) with patchListingsItem (Amazon's rate: 5 a second)`);
  const results: RowResult[] = new Array(rows.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < rows.length) {
      const index = next++;
      const { row, target, listing, change } = rows[index]!;
      const base = { line: row.line, sku: row.sku, marketplaceId: target.marketplaceId };
      try {
        results[index] = { ...base, outcome: await patchListing(target, listing, change, signal) };
      } catch (error) {
        if (signal?.aborted) throw error;
        results[index] = { ...base, error: describeFailure(error) };
      }
      done += 1;
      if (done % 100 === 0 && done < rows.length) say(`${done} of ${rows.length} sent`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PATCH_CONCURRENCY, rows.length) }, worker));
  return results;
}

/** JSON_LISTINGS_FEED takes at most 25,000 messages. */
const MAX_FEED_MESSAGES = 25_000;

/**
 * The rows as JSON_LISTINGS_FEED, one feed per marketplace (a feed applies to its marketplaces) of at most
 * 25,000 messages, each row a PATCH message numbered in file order; waits for Amazon to process each feed
 * and maps its processing report back to the rows by message id.
 */
async function sendFeed(
  ctx: CatalogContext,
  rows: readonly ReadyRow[],
  say: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<RowResult[]> {
  const results = new Map<ReadyRow, RowResult>();
  for (const group of groupBy(rows, (r) => r.target.marketplaceId).values()) {
    for (let i = 0; i < group.length; i += MAX_FEED_MESSAGES) {
      const chunk = group.slice(i, i + MAX_FEED_MESSAGES);
      for (const [row, result] of await sendOneFeed(ctx, chunk, say, signal)) results.set(row, result);
    }
  }
  return rows.map((r) => results.get(r)!);
}

async function sendOneFeed(
  ctx: CatalogContext,
  rows: readonly ReadyRow[],
  say: (line: string) => void,
  signal: AbortSignal | undefined,
): Promise<Map<ReadyRow, RowResult>> {
  const target = rows[0]!.target;
  const content = listingsFeed(target.sellerId, rows);
  say(`sending ${rows.length} update(s) as one JSON_LISTINGS_FEED for ${target.marketplaceId}`);
  const { feedId } = await submitFeed(target.client, {
    feedType: 'JSON_LISTINGS_FEED',
    marketplaceIds: [target.marketplaceId],
    content,
    contentType: FEED_CONTENT_TYPES.json,
    ...(signal ? { signal } : {}),
  });
  say(
    `feed ${feedId} submitted (JSON_LISTINGS_FEED, ${rows.length} message(s), ${target.marketplaceId}); ` +
      'waiting for Amazon to process it (minutes on Amazon; csm checks with backoff up to 60 s)',
  );
  const feed = await waitForFeed(target.client, feedId, {
    clock: ctx.clock,
    onWait: (event) => say(event.reason),
    ...(signal ? { signal } : {}),
  });
  const base = (r: ReadyRow) => ({ line: r.row.line, sku: r.row.sku, marketplaceId: target.marketplaceId });
  const out = new Map<ReadyRow, RowResult>();
  if (!feed.resultFeedDocumentId) {
    for (const r of rows) {
      out.set(r, {
        ...base(r),
        error:
          `feed ${feedId} ended ${feed.processingStatus} without a processing report: nothing of it applied; ` +
          `send the file again (csm api getFeed --param feedId=${feedId} shows the feed)`,
      });
    }
    return out;
  }
  const report = await readFeedResult(target.client, feed.resultFeedDocumentId, signal ? { signal } : {});
  say(
    `feed ${feedId} ${feed.processingStatus}: ${report.summary.messagesAccepted} accepted, ` +
      `${report.summary.messagesInvalid} invalid of ${report.summary.messagesProcessed}`,
  );
  rows.forEach((r, index) => {
    const outcome = report.outcomeOf(index + 1);
    const issues: UpdateIssue[] = [...outcome.errors, ...outcome.warnings].map((issue) => ({
      code: issue.code,
      severity: issue.severity,
      message: issue.message,
      attributeNames: issue.attributeName ? [issue.attributeName] : [],
    }));
    out.set(r, {
      ...base(r),
      outcome: {
        account: target.account.name,
        marketplaceId: target.marketplaceId,
        sku: r.row.sku,
        status: outcome.status === 'accepted' && feed.processingStatus === 'DONE' ? 'ACCEPTED' : 'INVALID',
        submissionId: feedId,
        issues,
        via: 'feed',
        before: currentValue(r.listing, r.change),
        after: describeChange(r.change),
      },
    });
  });
  return out;
}

/** The JSON_LISTINGS_FEED document (schema listings-feed-schema-v2): message `n` is the n-th row. */
function listingsFeed(sellerId: string, rows: readonly ReadyRow[]): string {
  return JSON.stringify({
    header: { sellerId, version: '2.0', issueLocale: 'en_US' },
    messages: rows.map((r, index) => ({
      messageId: index + 1,
      sku: r.row.sku,
      operationType: 'PATCH',
      productType: r.listing.productType,
      patches: changePatches(r.change, r.target.marketplaceId),
    })),
  });
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
