import { invalidInput } from '../amazon-error-response.js';
import { checkPatches, readPatches } from '../listings/listing-patches.js';
import type { OperationDefinition } from '../operation.js';
import { submissionAnswer } from './listing-submission.js';
import {
  CANNOT_PARSE,
  isPreview,
  listingsBody,
  listingsMarketplaces,
  listingsSeller,
  patchTarget,
  submissionStatus,
} from './listings-helpers.js';

/**
 * `PATCH /listings/2021-08-01/items/{sellerId}/{sku}`: JSON Patch on the listing's attributes
 * (`/attributes/fulfillment_availability` for stock, `/attributes/purchasable_offer` for price, …). Values
 * are checked as Amazon checks them: a problem is an ERROR issue and the answer INVALID (nothing changes);
 * otherwise ACCEPTED and the listing changes at once. A SKU the seller does not have is ACCEPTED and nothing
 * changes, as Amazon does (models#2797). `mode=VALIDATION_PREVIEW` checks only.
 */
export const patchListingsItem: OperationDefinition = {
  key: 'patchListingsItem',
  handle(ctx) {
    const sellerId = listingsSeller(ctx);
    const marketplaceIds = listingsMarketplaces(ctx);
    const sku = ctx.pathParams.sku ?? '';
    const body = listingsBody(ctx.body);
    if (typeof body.productType !== 'string' || body.productType.trim() === '')
      throw invalidInput(CANNOT_PARSE);
    const patches = readPatches(body.patches);
    const issues = checkPatches(patches, patchTarget(marketplaceIds));
    const status = submissionStatus(issues, isPreview(ctx));
    if (status === 'ACCEPTED') ctx.state.listings.patch(sellerId, sku, marketplaceIds, patches, ctx.now);
    return { body: submissionAnswer(ctx, sellerId, sku, marketplaceIds, status, issues) };
  },
};
