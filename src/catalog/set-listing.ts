import { type CatalogContext, resolveTarget } from './catalog-context.js';
import { findListing } from './find-listing.js';
import type { UpdateOutcome } from './listing-update.js';
import { parsePrice, parseQuantity } from './listing-values.js';
import { patchListing } from './patch-listing.js';
import { checkSku } from './sku.js';

/** One stock update: the seller-fulfilled quantity of a SKU in a marketplace. */
export interface StockUpdateRequest {
  /** A stored seller account. @default the only stored seller account */
  readonly accountName?: string | undefined;
  /** @default the account's only marketplace of its region */
  readonly marketplaceId?: string | undefined;
  readonly sku: string;
  /** Units available, 0 to 2,147,483,647 (a number, or its digits). */
  readonly quantity: number | string;
  readonly signal?: AbortSignal;
}

/** One price update: the price of a SKU's offer to everyone in a marketplace, in its currency. */
export interface PriceUpdateRequest {
  readonly accountName?: string | undefined;
  readonly marketplaceId?: string | undefined;
  readonly sku: string;
  /** Above 0, with no more decimals than the currency takes (`19.99`). */
  readonly amount: number | string;
  /** The marketplace's currency (`USD` on Amazon.com); another is refused before anything is sent. */
  readonly currency: string;
  readonly signal?: AbortSignal;
}

/**
 * Sets a SKU's seller-fulfilled stock and returns Amazon's answer. Everything is checked first (account,
 * marketplace, SKU format, quantity: `CatalogError`, nothing sent); then getListingsItem (an unknown SKU is
 * `UNKNOWN_SKU`, an FBA SKU `NOT_SUPPORTED`, nothing patched); then patchListingsItem. Amazon's refusals of
 * the call itself are the client's errors (`SpApiError` with a diagnosis); a refused value is an outcome
 * with status `INVALID` and its issues.
 */
export async function setStock(ctx: CatalogContext, request: StockUpdateRequest): Promise<UpdateOutcome> {
  const sku = checkSku(request.sku);
  const quantity = parseQuantity(request.quantity);
  const target = await resolveTarget(ctx, request.accountName, request.marketplaceId);
  const listing = await findListing(target, sku);
  return patchListing(target, listing, { kind: 'stock', quantity }, request.signal);
}

/** Sets a SKU's price, as `setStock` sets stock; the currency must be the marketplace's. */
export async function setPrice(ctx: CatalogContext, request: PriceUpdateRequest): Promise<UpdateOutcome> {
  const sku = checkSku(request.sku);
  const target = await resolveTarget(ctx, request.accountName, request.marketplaceId);
  const price = parsePrice(request.amount, request.currency, target.marketplaceId);
  const listing = await findListing(target, sku);
  return patchListing(target, listing, { kind: 'price', price }, request.signal);
}
