import { itemView } from '../listings/item-view.js';
import type { OperationDefinition } from '../operation.js';
import { includedData, listingsMarketplaces, listingsSeller, skuNotFound } from './listings-helpers.js';

/**
 * `GET /listings/2021-08-01/items/{sellerId}/{sku}`: the listing with the `includedData` sections asked for
 * (default `summaries`); a SKU the seller does not list in the marketplaces is Amazon's 404 `NOT_FOUND`.
 */
export const getListingsItem: OperationDefinition = {
  key: 'getListingsItem',
  handle(ctx) {
    const sellerId = listingsSeller(ctx);
    const marketplaceIds = listingsMarketplaces(ctx);
    const sku = ctx.pathParams.sku ?? '';
    const listing = ctx.state.listings.get(sellerId, sku);
    if (!listing || !marketplaceIds.some((id) => listing.marketplaces.has(id))) {
      throw skuNotFound(sku, marketplaceIds);
    }
    return { body: itemView(listing, marketplaceIds, includedData(ctx, ['summaries'])) };
  },
};
