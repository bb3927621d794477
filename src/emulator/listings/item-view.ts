import { marketplace } from '../marketplaces.js';
import { isoSeconds } from '../orders/iso-time.js';
import { digits } from '../orders/money.js';
import { ourPriceValue } from './listing-patches.js';
import type { Item, MarketplaceListing, StoredListing } from './listing-types.js';

/** The facts of a listing in one marketplace that its attributes and FBA stock decide. */
export interface ListingFacts {
  fulfillmentChannelCode: string | undefined;
  /** Seller-fulfilled quantity; FBA listings show none here (FBA Inventory has their stock). */
  quantity: number | undefined;
  price: { amount: string; currencyCode: string } | undefined;
  status: ('BUYABLE' | 'DISCOVERABLE')[];
}

/** Reads channel, quantity, price and status from a marketplace listing's attributes. */
export function listingFacts(entry: MarketplaceListing): ListingFacts {
  const availability = entry.attributes.fulfillment_availability?.[0];
  const channel = availability?.fulfillment_channel_code;
  const quantity = typeof availability?.quantity === 'number' ? availability.quantity : undefined;
  const offer = entry.attributes.purchasable_offer?.find(
    (o) =>
      (o.audience ?? 'ALL') === 'ALL' && (o.marketplace_id ?? entry.marketplaceId) === entry.marketplaceId,
  );
  const value = offer ? ourPriceValue(offer.our_price) : undefined;
  const currency = typeof offer?.currency === 'string' ? offer.currency : undefined;
  const price =
    typeof value === 'number' && currency
      ? { amount: value.toFixed(digits(currency)), currencyCode: currency }
      : undefined;
  const fba = typeof channel === 'string' && channel.startsWith('AMAZON_');
  const inStock = fba ? (entry.fba?.fulfillable ?? 0) > 0 : (quantity ?? 0) > 0;
  return {
    fulfillmentChannelCode: typeof channel === 'string' ? channel : undefined,
    quantity: fba ? undefined : quantity,
    price,
    status: price && inStock ? ['BUYABLE', 'DISCOVERABLE'] : ['DISCOVERABLE'],
  };
}

/**
 * A listing as the Listings Items API returns it, with the `includedData` sections asked for, for the
 * marketplaces asked for (those the SKU is listed in). Issues are empty: the emulator's listings have none.
 */
export function itemView(
  listing: StoredListing,
  marketplaceIds: readonly string[],
  included: ReadonlySet<string>,
): Item {
  const entries = marketplaceIds
    .map((id) => listing.marketplaces.get(id))
    .filter((e): e is MarketplaceListing => e !== undefined);
  const item: Item = { sku: listing.sku };
  if (included.has('summaries')) {
    item.summaries = entries.map((e) => {
      const summary: NonNullable<Item['summaries']>[number] = {
        marketplaceId: e.marketplaceId,
        asin: listing.asin,
        productType: listing.productType,
        conditionType: 'new_new',
        status: listingFacts(e).status,
        itemName: listing.itemName,
        createdDate: isoSeconds(e.createdMs),
        lastUpdatedDate: isoSeconds(e.lastUpdatedMs),
      };
      if (listing.fnSku && e.fba) summary.fnSku = listing.fnSku;
      return summary;
    });
  }
  if (included.has('attributes')) item.attributes = mergedAttributes(entries);
  if (included.has('issues')) item.issues = [];
  if (included.has('offers')) {
    item.offers = entries.flatMap((e) => {
      const { price } = listingFacts(e);
      if (!price) return [];
      return [
        {
          marketplaceId: e.marketplaceId,
          offerType: 'B2C' as const,
          price,
          audience: { value: 'ALL', displayName: 'Sell on Amazon' },
        },
      ];
    });
  }
  if (included.has('fulfillmentAvailability')) {
    // The model's FulfillmentAvailability names no marketplace: it is the first marketplace's.
    const first = entries[0];
    item.fulfillmentAvailability = first
      ? (first.attributes.fulfillment_availability ?? []).flatMap((a) =>
          typeof a.fulfillment_channel_code === 'string'
            ? [
                typeof a.quantity === 'number'
                  ? { fulfillmentChannelCode: a.fulfillment_channel_code, quantity: a.quantity }
                  : { fulfillmentChannelCode: a.fulfillment_channel_code },
              ]
            : [],
        )
      : [];
  }
  if (included.has('procurement')) item.procurement = [];
  if (included.has('relationships'))
    item.relationships = entries.map((e) => ({ marketplaceId: e.marketplaceId, relationships: [] }));
  if (included.has('productTypes'))
    item.productTypes = entries.map((e) => ({
      marketplaceId: e.marketplaceId,
      productType: listing.productType,
    }));
  return item;
}

/** Attributes of several marketplaces in one object: entries concatenated, fulfillment_availability once. */
function mergedAttributes(entries: readonly MarketplaceListing[]): Record<string, unknown> {
  const out: Record<string, unknown[]> = {};
  for (const [index, entry] of entries.entries()) {
    for (const [name, values] of Object.entries(entry.attributes)) {
      if (name === 'fulfillment_availability' && index > 0) continue;
      out[name] = [...(out[name] ?? []), ...structuredClone(values)];
    }
  }
  return out;
}

/** The currency of a marketplace, for checking offers. */
export const currencyOf = (marketplaceId: string): string => marketplace(marketplaceId).defaultCurrency;
