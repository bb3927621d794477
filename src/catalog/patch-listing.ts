import type { CatalogTarget } from './catalog-context.js';
import { CatalogError } from './catalog-error.js';
import { isAmazonFulfilled, type ListingView } from './find-listing.js';
import {
  changePatches,
  describeChange,
  issuesOf,
  type ListingChange,
  type UpdateOutcome,
} from './listing-update.js';

/** The quantity or price a listing has now, in the words of `describeChange`. */
export function currentValue(listing: ListingView, change: ListingChange): string | undefined {
  if (change.kind === 'stock') return listing.quantity === undefined ? undefined : String(listing.quantity);
  return listing.price ? `${listing.price.amount} ${listing.price.currency}` : undefined;
}

/** Why a change cannot apply to this listing, or undefined: stock of an FBA listing is Amazon's count. */
export function changeProblem(listing: ListingView, change: ListingChange): string | undefined {
  if (change.kind === 'stock' && isAmazonFulfilled(listing)) {
    return (
      `SKU ${JSON.stringify(listing.sku)} is fulfilled by Amazon (${listing.fulfillmentChannels.join(', ')}): ` +
      'its stock is what Amazon holds in its warehouses (csm inventory shows it), not a quantity you set'
    );
  }
  return undefined;
}

/**
 * patchListingsItem of one change to a listing read just before (so the SKU exists and its product type is
 * known), and Amazon's answer: ACCEPTED, or INVALID with its issues. patchListingsItem is a PATCH, so the
 * client retries it only on a 429 (Amazon throttles before processing), never after a 5xx or a lost answer.
 */
export async function patchListing(
  target: CatalogTarget,
  listing: ListingView,
  change: ListingChange,
  signal?: AbortSignal,
): Promise<UpdateOutcome> {
  const problem = changeProblem(listing, change);
  if (problem) throw new CatalogError('NOT_SUPPORTED', problem, 'sku');
  const { body } = await target.client.call('patchListingsItem', {
    path: { sellerId: target.sellerId, sku: listing.sku },
    query: { marketplaceIds: [target.marketplaceId] },
    body: { productType: listing.productType, patches: changePatches(change, target.marketplaceId) },
    ...(signal ? { signal } : {}),
  });
  return {
    account: target.account.name,
    marketplaceId: target.marketplaceId,
    sku: listing.sku,
    status: body.status,
    submissionId: body.submissionId,
    issues: issuesOf(body.issues),
    via: 'patch',
    before: currentValue(listing, change),
    after: describeChange(change),
  };
}
