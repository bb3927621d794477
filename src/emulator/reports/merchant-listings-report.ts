import { listingFacts } from '../listings/item-view.js';
import type { StoredListing } from '../listings/listing-types.js';

/** The report types the emulator generates. */
export const REPORT_TYPES = ['GET_MERCHANT_LISTINGS_ALL_DATA', 'GET_MERCHANT_LISTINGS_DATA'] as const;

/** Columns of Amazon's "All Listings Report" (tab-separated, header row first). */
const COLUMNS = [
  'item-name',
  'item-description',
  'listing-id',
  'seller-sku',
  'price',
  'quantity',
  'open-date',
  'image-url',
  'item-is-marketplace',
  'product-id-type',
  'zshop-shipping-fee',
  'item-note',
  'item-condition',
  'zshop-category1',
  'zshop-browse-path',
  'zshop-storefront-feature',
  'asin1',
  'asin2',
  'asin3',
  'will-ship-internationally',
  'expedited-shipping',
  'zshop-boldface',
  'product-id',
  'bid-for-featured-placement',
  'add-delete',
  'pending-quantity',
  'fulfillment-channel',
  'merchant-shipping-group',
  'status',
] as const;

/**
 * `GET_MERCHANT_LISTINGS_ALL_DATA` (every listing, active or not) and `GET_MERCHANT_LISTINGS_DATA` (active
 * ones): one row per listing and requested marketplace, as TSV with Amazon's header row. Undefined when no
 * listing qualifies: Amazon then cancels the report ("no data").
 */
export function merchantListingsReport(
  reportType: string,
  listings: readonly StoredListing[],
  marketplaceIds: readonly string[],
): string | undefined {
  const rows: string[][] = [];
  for (const listing of listings) {
    for (const marketplaceId of marketplaceIds) {
      const entry = listing.marketplaces.get(marketplaceId);
      if (!entry) continue;
      const facts = listingFacts(entry);
      const active = facts.status.includes('BUYABLE');
      if (reportType === 'GET_MERCHANT_LISTINGS_DATA' && !active) continue;
      const fba = facts.fulfillmentChannelCode?.startsWith('AMAZON_') ?? false;
      const cells: Record<(typeof COLUMNS)[number], string> = {
        'item-name': listing.itemName,
        'item-description': '',
        'listing-id': listingId(listing.sku, marketplaceId),
        'seller-sku': listing.sku,
        price: facts.price?.amount ?? '',
        quantity: fba ? '' : String(facts.quantity ?? ''),
        'open-date': openDate(entry.createdMs),
        'image-url': '',
        'item-is-marketplace': 'y',
        'product-id-type': '1',
        'zshop-shipping-fee': '',
        'item-note': '',
        'item-condition': '11',
        'zshop-category1': '',
        'zshop-browse-path': '',
        'zshop-storefront-feature': '',
        asin1: listing.asin,
        asin2: '',
        asin3: '',
        'will-ship-internationally': '',
        'expedited-shipping': '',
        'zshop-boldface': '',
        'product-id': listing.asin,
        'bid-for-featured-placement': '',
        'add-delete': '',
        'pending-quantity': '0',
        'fulfillment-channel': facts.fulfillmentChannelCode ?? 'DEFAULT',
        'merchant-shipping-group': fba ? '' : 'Migrated Template',
        status: active ? 'Active' : 'Inactive',
      };
      rows.push(COLUMNS.map((c) => cells[c].replace(/[\t\r\n]+/g, ' ')));
    }
  }
  if (rows.length === 0) return undefined;
  return `${[COLUMNS.join('\t'), ...rows.map((r) => r.join('\t'))].join('\n')}\n`;
}

/** `2026-05-01 09:30:00 UTC`, the form of the report's open-date column. */
function openDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A stable listing id per SKU and marketplace: `0` and ten characters, like Amazon's. */
function listingId(sku: string, marketplaceId: string): string {
  let h = 2166136261;
  for (const c of `${sku}|${marketplaceId}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  let h2 = h ^ 0x5bd1e995;
  for (const c of `${marketplaceId}|${sku}`) h2 = Math.imul(h2 ^ c.charCodeAt(0), 16777619) >>> 0;
  return `0${(h.toString(36) + h2.toString(36)).toUpperCase().padEnd(10, '0').slice(0, 10)}`;
}
