import type { OperationDefinition } from '../operation.js';
import { submissionAnswer } from './listing-submission.js';
import { listingsMarketplaces, listingsSeller } from './listings-helpers.js';

/** `DELETE /listings/2021-08-01/items/{sellerId}/{sku}`: the listing goes from the marketplace (ACCEPTED). */
export const deleteListingsItem: OperationDefinition = {
  key: 'deleteListingsItem',
  handle(ctx) {
    const sellerId = listingsSeller(ctx);
    const marketplaceIds = listingsMarketplaces(ctx);
    const sku = ctx.pathParams.sku ?? '';
    const answer = submissionAnswer(ctx, sellerId, sku, marketplaceIds, 'ACCEPTED', []);
    ctx.state.listings.delete(sellerId, sku, marketplaceIds);
    return { body: answer };
  },
};
