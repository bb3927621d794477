import type { components } from '../amazon/generated/types/listingsItems20210801.js';
import { isSpApiError } from '../sp-api/index.js';
import type { CatalogTarget } from './catalog-context.js';
import { CatalogError } from './catalog-error.js';

type Item = components['schemas']['Item'];

/** A listing as the catalog reads it: what an update needs and what it changes. */
export interface ListingView {
  readonly sku: string;
  readonly marketplaceId: string;
  readonly asin: string | undefined;
  readonly productType: string;
  readonly itemName: string | undefined;
  /** `BUYABLE`, `DISCOVERABLE` (open: Amazon may add values). */
  readonly status: readonly string[];
  /** `DEFAULT` for the seller's own stock, `AMAZON_NA`/`AMAZON_EU`/… for FBA. */
  readonly fulfillmentChannels: readonly string[];
  /** The seller-fulfilled quantity; undefined for an FBA listing. */
  readonly quantity: number | undefined;
  readonly price: { readonly amount: string; readonly currency: string } | undefined;
  readonly lastUpdatedDate: string | undefined;
}

/** What getListingsItem and searchListingsItems are asked for. */
export const LISTING_DATA = ['summaries', 'offers', 'fulfillmentAvailability'] as const;

/**
 * getListingsItem for one SKU in the target's marketplace. Amazon answers ACCEPTED to a patch of a SKU
 * the seller does not have and changes nothing, so every update reads the listing first: its 404 is the
 * caller's mistake, `UNKNOWN_SKU`, and nothing is patched.
 */
export async function findListing(target: CatalogTarget, sku: string): Promise<ListingView> {
  try {
    const { body } = await target.client.call('getListingsItem', {
      path: { sellerId: target.sellerId, sku },
      query: { marketplaceIds: [target.marketplaceId], includedData: [...LISTING_DATA] },
    });
    return listingView(body, target.marketplaceId);
  } catch (error) {
    if (isSpApiError(error) && error.status === 404) {
      throw new CatalogError(
        'UNKNOWN_SKU',
        `SKU ${JSON.stringify(sku)} is not a listing of account ${target.account.name} in ` +
          `${target.marketplaceId}: check the SKU (csm listings list --account ${target.account.name} ` +
          `--marketplace ${target.marketplaceId} shows them); nothing was changed`,
        'sku',
      );
    }
    throw error;
  }
}

/** The view of an Item of getListingsItem or searchListingsItems in one marketplace. */
export function listingView(item: Item, marketplaceId: string): ListingView {
  const summary = item.summaries?.find((s) => s.marketplaceId === marketplaceId) ?? item.summaries?.[0];
  const offer = item.offers?.find(
    (o) =>
      o.marketplaceId === marketplaceId && o.offerType === 'B2C' && (o.audience?.value ?? 'ALL') === 'ALL',
  );
  const availability = item.fulfillmentAvailability ?? [];
  return {
    sku: item.sku,
    marketplaceId,
    asin: summary?.asin,
    productType: summary?.productType ?? 'PRODUCT',
    itemName: summary?.itemName,
    status: summary?.status ?? [],
    fulfillmentChannels: availability.map((a) => a.fulfillmentChannelCode),
    quantity: availability.find((a) => a.fulfillmentChannelCode === 'DEFAULT')?.quantity,
    price: offer ? { amount: offer.price.amount, currency: offer.price.currencyCode } : undefined,
    lastUpdatedDate: summary?.lastUpdatedDate,
  };
}

/** Whether Amazon fulfils the listing (FBA): its stock is Amazon's count, not one the seller sets. */
export function isAmazonFulfilled(listing: ListingView): boolean {
  return (
    !listing.fulfillmentChannels.includes('DEFAULT') &&
    listing.fulfillmentChannels.some((c) => c.startsWith('AMAZON_'))
  );
}
