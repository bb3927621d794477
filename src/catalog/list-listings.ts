import { type CatalogContext, type CatalogTarget, resolveTarget } from './catalog-context.js';
import { LISTING_DATA, type ListingView, listingView } from './find-listing.js';

/** searchListingsItems pages at most 20 items. */
const PAGE_SIZE = 20;
/** searchListingsItems takes at most 20 identifiers per call. */
const MAX_IDENTIFIERS = 20;
/** searchListingsItems calls in flight at once while checking SKUs. */
const SEARCH_CONCURRENCY = 4;
/** Amazon pages through at most 1,000 results of one search. */
export const MAX_PAGEABLE_LISTINGS = 1_000;

/** What `listListings` lists. */
export interface ListListingsRequest {
  /** @default the only stored seller account */
  readonly accountName?: string | undefined;
  /** @default the account's only marketplace of its region */
  readonly marketplaceId?: string | undefined;
  /** Told the total Amazon counts, from the first page (more than 1,000 cannot all be paged). */
  readonly onTotal?: (numberOfResults: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Every listing of an account in a marketplace, page after page of searchListingsItems (20 a page, sorted
 * by SKU, with summaries, offers and fulfillment availability), as they come. Amazon pages through the
 * first 1,000 only: `onTotal` says how many there are, so a caller can point to the listings report.
 */
export async function* listListings(
  ctx: CatalogContext,
  request: ListListingsRequest = {},
): AsyncIterableIterator<ListingView> {
  const target = await resolveTarget(ctx, request.accountName, request.marketplaceId);
  let first = true;
  for await (const page of target.client.paginate('searchListingsItems', {
    path: { sellerId: target.sellerId },
    query: {
      marketplaceIds: [target.marketplaceId],
      includedData: [...LISTING_DATA],
      sortBy: 'sku',
      sortOrder: 'ASC',
      pageSize: PAGE_SIZE,
    },
    ...(request.signal ? { signal: request.signal } : {}),
  })) {
    if (first) request.onTotal?.(page.body.numberOfResults);
    first = false;
    for (const item of page.body.items) yield listingView(item, target.marketplaceId);
  }
}

/**
 * The listings of these SKUs, by SKU, read with searchListingsItems 20 SKUs a call (a fifth of the calls
 * getListingsItem would take): what a bulk update checks before anything is patched. A SKU missing from
 * the map is not a listing of the seller in the marketplace.
 */
export async function findListings(
  target: CatalogTarget,
  skus: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, ListingView>> {
  const found = new Map<string, ListingView>();
  const unique = [...new Set(skus)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += MAX_IDENTIFIERS) batches.push(unique.slice(i, i + MAX_IDENTIFIERS));
  // A few calls in flight: the client's rate limiter paces them, and a long queue of waiting callers only
  // costs rechecks.
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const { body } = await target.client.call('searchListingsItems', {
        path: { sellerId: target.sellerId },
        query: {
          marketplaceIds: [target.marketplaceId],
          identifiers: batch,
          identifiersType: 'SKU',
          includedData: [...LISTING_DATA],
          pageSize: PAGE_SIZE,
        },
        ...(signal ? { signal } : {}),
      });
      for (const item of body.items) {
        // Amazon matches identifiers exactly; a SKU it did not ask for is ignored all the same.
        if (batch.includes(item.sku)) found.set(item.sku, listingView(item, target.marketplaceId));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SEARCH_CONCURRENCY, batches.length) }, worker));
  return found;
}
