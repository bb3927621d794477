import { invalidInput } from '../amazon-error-response.js';
import { itemView, listingFacts } from '../listings/item-view.js';
import type { MarketplaceListing, StoredListing } from '../listings/listing-types.js';
import type { OperationDefinition } from '../operation.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { includedData, listingsMarketplaces, listingsSeller } from './listings-helpers.js';
import { list, readPageToken, str } from './order-helpers.js';

/** Amazon pages through at most 1,000 items of a search (ItemSearchResults.numberOfResults). */
const MAX_PAGEABLE = 1000;

interface SearchToken {
  operation: string;
  sellerId: string;
  offset: number;
}

/**
 * `GET /listings/2021-08-01/items/{sellerId}`: the seller's listings in the marketplaces, filtered by
 * identifiers (SKU, ASIN, FNSKU), dates and status, sorted (`lastUpdatedDate` DESC by default) and paged with
 * `pageToken` (`pagination.nextToken` / `previousToken`), `pageSize` up to 20.
 */
export const searchListingsItems: OperationDefinition = {
  key: 'searchListingsItems',
  handle(ctx) {
    const sellerId = listingsSeller(ctx);
    const marketplaceIds = listingsMarketplaces(ctx);
    const identifiers = list(ctx, 'identifiers');
    const identifiersType = str(ctx, 'identifiersType');
    if ((identifiers === undefined) !== (identifiersType === undefined)) {
      throw invalidInput("'identifiers' and 'identifiersType' must be given together.");
    }
    const parent = str(ctx, 'variationParentSku');
    const hierarchy = str(ctx, 'packageHierarchySku');
    if ([identifiers, parent, hierarchy].filter((v) => v !== undefined).length > 1) {
      throw invalidInput("Use only one of 'identifiers', 'variationParentSku' and 'packageHierarchySku'.");
    }
    const pageSize = typeof ctx.params.pageSize === 'number' ? ctx.params.pageSize : 10;
    if (pageSize < 1) throw invalidInput(`Parameter 'pageSize' must be at least 1; got ${pageSize}.`);
    const pageToken = str(ctx, 'pageToken');
    const offset = pageToken ? readPageToken<SearchToken>(ctx, 'pageToken', pageToken).offset : 0;

    const time = (name: string): number | undefined => {
      const value = str(ctx, name);
      return value === undefined ? undefined : parseIsoTime(value);
    };
    const createdAfter = time('createdAfter');
    const createdBefore = time('createdBefore');
    const updatedAfter = time('lastUpdatedAfter');
    const updatedBefore = time('lastUpdatedBefore');
    const withStatus = list(ctx, 'withStatus');
    const withoutStatus = list(ctx, 'withoutStatus');
    const withIssues = list(ctx, 'withIssueSeverity');

    const matches = ctx.state.listings.all(sellerId).filter((listing) => {
      const entries = marketplaceIds
        .map((id) => listing.marketplaces.get(id))
        .filter((e): e is MarketplaceListing => e !== undefined);
      const first = entries[0];
      if (!first) return false;
      // Listings have no variations or package hierarchies here, and no issues.
      if (parent !== undefined || hierarchy !== undefined || withIssues !== undefined) return false;
      if (identifiers && !identifiers.includes(identifierOf(listing, identifiersType ?? '') ?? ''))
        return false;
      const created = Math.min(...entries.map((e) => e.createdMs));
      const updated = lastUpdated(entries);
      if (createdAfter !== undefined && created < createdAfter) return false;
      if (createdBefore !== undefined && created > createdBefore) return false;
      if (updatedAfter !== undefined && updated < updatedAfter) return false;
      if (updatedBefore !== undefined && updated > updatedBefore) return false;
      const status: string[] = listingFacts(first).status;
      if (withStatus && !withStatus.every((s) => status.includes(s))) return false;
      if (withoutStatus?.some((s) => status.includes(s))) return false;
      return true;
    });
    sortListings(
      matches,
      str(ctx, 'sortBy') ?? 'lastUpdatedDate',
      str(ctx, 'sortOrder') ?? 'DESC',
      marketplaceIds,
    );

    const pageable = matches.slice(0, MAX_PAGEABLE);
    const page = pageable.slice(offset, offset + pageSize);
    const included = includedData(ctx, ['summaries']);
    const token = (at: number) =>
      ctx.state.pagination.encode({ operation: ctx.op.key, sellerId, offset: at } satisfies SearchToken);
    const pagination: Record<string, string> = {};
    if (offset + pageSize < pageable.length) pagination.nextToken = token(offset + pageSize);
    if (offset > 0) pagination.previousToken = token(Math.max(0, offset - pageSize));
    const body: Record<string, unknown> = {
      numberOfResults: matches.length,
      items: page.map((listing) => itemView(listing, marketplaceIds, included)),
    };
    if (Object.keys(pagination).length > 0) body.pagination = pagination;
    return { body };
  },
};

function identifierOf(listing: StoredListing, type: string): string | undefined {
  if (type === 'SKU') return listing.sku;
  if (type === 'ASIN') return listing.asin;
  if (type === 'FNSKU') return listing.fnSku;
  return undefined;
}

const lastUpdated = (entries: readonly MarketplaceListing[]): number =>
  Math.max(...entries.map((e) => e.lastUpdatedMs));

function sortListings(
  listings: StoredListing[],
  sortBy: string,
  sortOrder: string,
  marketplaceIds: readonly string[],
): void {
  const key = (l: StoredListing): number | string => {
    if (sortBy === 'sku') return l.sku;
    const entries = marketplaceIds
      .map((id) => l.marketplaces.get(id))
      .filter((e): e is MarketplaceListing => e !== undefined);
    return sortBy === 'createdDate' ? Math.min(...entries.map((e) => e.createdMs)) : lastUpdated(entries);
  };
  const direction = sortOrder === 'ASC' ? 1 : -1;
  listings.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return (ka < kb ? -1 : 1) * direction;
    return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
  });
}
