import { AmazonErrorResponse } from '../amazon-error-response.js';
import { currencyOf, itemView } from '../listings/item-view.js';
import { type AttributePatch, checkPatches, readPatches } from '../listings/listing-patches.js';
import type { ListingStore } from '../listings/listing-store.js';
import type { Attributes, Item, ListingIssue } from '../listings/listing-types.js';
import type { FeedSummary, StoredFeed } from './feed-store.js';

/** One issue of the processing report (listings-feed-processing-report-schema-v2). */
interface ReportIssue {
  messageId?: number;
  sku?: string;
  code?: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  message: string;
  attributeName?: string;
}

/** What processing a listings feed produced: the outcome, the report as JSON text, and its counts. */
export interface ListingsFeedResult {
  outcome: 'DONE' | 'FATAL';
  report: string;
  summary: FeedSummary;
}

const OPERATION_TYPES = new Set(['UPDATE', 'PARTIAL_UPDATE', 'PATCH', 'DELETE']);
const INCLUDED_DATA = new Set([
  'summaries',
  'attributes',
  'issues',
  'offers',
  'fulfillmentAvailability',
  'procurement',
  'relationships',
  'productTypes',
]);

/**
 * Processes a `JSON_LISTINGS_FEED` document (listings-feed-schema-v2) at the end of its processing: each
 * message is checked as the schema and patchListingsItem check it, the accepted ones change the listings in
 * the feed's marketplaces, and the processing report (listings-feed-processing-report-schema-v2) maps every
 * problem to its `messageId`. A document that is not JSON, lacks `header` or `messages`, names another
 * seller or another version is FATAL, with the reason as a report issue without `messageId`.
 */
export function processListingsFeed(
  listings: ListingStore,
  feed: StoredFeed,
  text: string,
  atMs: number,
): ListingsFeedResult {
  const header: Record<string, unknown> = { sellerId: feed.sellerId, version: '2.0', feedId: feed.feedId };
  const fatal = (message: string): ListingsFeedResult => ({
    outcome: 'FATAL',
    report: JSON.stringify({
      header,
      issues: [{ severity: 'ERROR', message }],
      summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 },
    }),
    summary: { messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 },
  });

  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fatal(`The feed document is not valid JSON: ${(error as Error).message}.`);
  }
  if (!isObject(doc)) return fatal('The feed document must be a JSON object with "header" and "messages".');
  if (!isObject(doc.header)) return fatal('The feed document has no "header" object.');
  if (doc.header.sellerId !== feed.sellerId) {
    return fatal(
      `The header's sellerId '${String(doc.header.sellerId)}' is not the selling partner that submitted the feed (${feed.sellerId}).`,
    );
  }
  if (doc.header.version !== '2.0') return fatal(`The header's version must be "2.0".`);
  const included = readIncludedData(doc.header.report);
  if (included === null) {
    return fatal('header.report needs includedData (summaries, attributes, …) and apiVersion "2021-08-01".');
  }
  if (!Array.isArray(doc.messages) || doc.messages.length === 0 || doc.messages.length > 25_000) {
    return fatal('The feed document needs "messages": an array of 1 to 25,000 messages.');
  }

  const issues: ReportIssue[] = [];
  const seen = new Set<number>();
  const acceptedSkus: string[] = [];
  let accepted = 0;
  for (const raw of doc.messages) {
    const problems = checkMessage(raw, seen, feed.marketplaceIds);
    const messageId =
      isObject(raw) && Number.isInteger(raw.messageId) ? (raw.messageId as number) : undefined;
    const sku = isObject(raw) && typeof raw.sku === 'string' && raw.sku !== '' ? raw.sku : undefined;
    if (messageId !== undefined) seen.add(messageId);
    if (problems.length > 0) {
      for (const p of problems) issues.push({ ...locate(messageId, sku), ...p });
      continue;
    }
    const message = raw as ListingsMessage;
    apply(listings, feed, message, atMs);
    accepted += 1;
    if (!acceptedSkus.includes(message.sku)) acceptedSkus.push(message.sku);
  }

  const total = doc.messages.length;
  const summary: Record<string, unknown> = {
    errors: issues.filter((i) => i.severity === 'ERROR').length,
    warnings: issues.filter((i) => i.severity === 'WARNING').length,
    messagesProcessed: total,
    messagesAccepted: accepted,
    messagesInvalid: total - accepted,
  };
  const report: Record<string, unknown> = { header, issues, summary };
  if (included) {
    header.report = { includedData: [...included], apiVersion: '2021-08-01' };
    const items: Item[] = acceptedSkus.flatMap((sku) => {
      const listing = listings.get(feed.sellerId, sku);
      return listing ? [itemView(listing, feed.marketplaceIds, included)] : [];
    });
    report.items = items;
    summary.itemSummary = { items: items.length, errors: 0, warnings: 0 };
  }
  return {
    outcome: 'DONE',
    report: JSON.stringify(report),
    summary: { messagesProcessed: total, messagesAccepted: accepted, messagesInvalid: total - accepted },
  };
}

/** A message that passed the checks. */
interface ListingsMessage {
  messageId: number;
  sku: string;
  operationType: 'UPDATE' | 'PARTIAL_UPDATE' | 'PATCH' | 'DELETE';
  productType?: string;
  attributes?: Attributes;
  patches?: unknown[];
}

/** `header.report.includedData` as a set; undefined when absent, null when malformed. */
function readIncludedData(report: unknown): ReadonlySet<string> | undefined | null {
  if (report === undefined) return undefined;
  if (!isObject(report) || report.apiVersion !== '2021-08-01' || !Array.isArray(report.includedData))
    return null;
  const values = report.includedData;
  if (values.length === 0 || !values.every((v) => typeof v === 'string' && INCLUDED_DATA.has(v))) return null;
  return new Set(values as string[]);
}

const locate = (messageId: number | undefined, sku: string | undefined): Partial<ReportIssue> => ({
  ...(messageId === undefined ? {} : { messageId }),
  ...(sku === undefined ? {} : { sku }),
});

/** The schema's rules for one message, then the attribute checks patchListingsItem makes. */
function checkMessage(
  raw: unknown,
  seen: ReadonlySet<number>,
  marketplaceIds: readonly string[],
): ReportIssue[] {
  const bad = (message: string): ReportIssue[] => [{ code: 'BAD_REQUEST', severity: 'ERROR', message }];
  if (!isObject(raw)) return bad('A message must be a JSON object.');
  const { messageId, sku, operationType, productType, attributes, patches, requirements } = raw;
  if (
    typeof messageId !== 'number' ||
    !Number.isInteger(messageId) ||
    messageId < 1 ||
    messageId > 2 ** 31 - 1
  )
    return bad("'messageId' must be an integer from 1 to 2147483647.");
  if (seen.has(messageId)) return bad(`'messageId' ${messageId} is used by an earlier message of this feed.`);
  if (typeof sku !== 'string' || sku === '') return bad("'sku' is required.");
  if (typeof operationType !== 'string' || !OPERATION_TYPES.has(operationType))
    return bad("'operationType' must be UPDATE, PARTIAL_UPDATE, PATCH or DELETE.");
  const present = (value: unknown) => value !== undefined;
  if (operationType === 'DELETE') {
    if ([requirements, attributes, productType, patches].some(present))
      return bad("A DELETE message takes no 'requirements', 'attributes', 'productType' or 'patches'.");
    return [];
  }
  if (typeof productType !== 'string' || productType === '')
    return bad(`An ${operationType} message needs 'productType'.`);
  if (
    requirements !== undefined &&
    (operationType !== 'UPDATE' ||
      !['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY'].includes(String(requirements)))
  ) {
    return bad(`'requirements' is not valid for this ${operationType} message.`);
  }
  let attributePatches: AttributePatch[];
  try {
    if (operationType === 'PATCH') {
      if (present(attributes)) return bad("A PATCH message takes 'patches', not 'attributes'.");
      attributePatches = readPatches(patches);
    } else {
      if (present(patches)) return bad(`An ${operationType} message takes 'attributes', not 'patches'.`);
      if (!isObject(attributes) || Object.keys(attributes).length === 0)
        return bad(`An ${operationType} message needs 'attributes' with at least one attribute.`);
      attributePatches = readPatches(
        Object.entries(attributes).map(([name, value]) => ({
          op: 'replace',
          path: `/attributes/${name}`,
          value,
        })),
      );
    }
  } catch (error) {
    if (error instanceof AmazonErrorResponse) return bad(error.message);
    throw error;
  }
  return checkPatches(attributePatches, { marketplaceIds, currencyOf }).map(fromListingIssue);
}

const fromListingIssue = (issue: ListingIssue): ReportIssue => ({
  code: issue.code,
  severity: issue.severity,
  message: issue.message,
  ...(issue.attributeNames?.[0] ? { attributeName: issue.attributeNames[0] } : {}),
});

/**
 * Applies an accepted message. PATCH and PARTIAL_UPDATE change a listing the seller has (on Amazon a patch of
 * an unknown SKU is accepted and changes nothing, models#2797); UPDATE replaces or creates; DELETE removes.
 */
function apply(listings: ListingStore, feed: StoredFeed, message: ListingsMessage, atMs: number): void {
  const { sellerId, marketplaceIds } = feed;
  switch (message.operationType) {
    case 'DELETE':
      listings.delete(sellerId, message.sku, marketplaceIds);
      return;
    case 'UPDATE':
      listings.replace(
        sellerId,
        message.sku,
        marketplaceIds,
        message.productType ?? '',
        message.attributes ?? {},
        atMs,
      );
      return;
    case 'PARTIAL_UPDATE':
      listings.patch(
        sellerId,
        message.sku,
        marketplaceIds,
        Object.entries(message.attributes ?? {}).map(([attribute, value]) => ({
          op: 'replace',
          attribute,
          value,
        })),
        atMs,
      );
      return;
    case 'PATCH':
      listings.patch(sellerId, message.sku, marketplaceIds, readPatches(message.patches), atMs);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
