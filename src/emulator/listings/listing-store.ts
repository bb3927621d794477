import type { EmulatorCredentials } from '../credentials.js';
import { marketplace } from '../marketplaces.js';
import { fbaSku, type Product } from '../orders/catalog.js';
import { digits, USD_RATE } from '../orders/money.js';
import type { Prng } from '../prng.js';
import { type AttributePatch, applyPatches } from './listing-patches.js';
import type { Attributes, FbaStock, MarketplaceListing, StoredListing } from './listing-types.js';

const DAY = 86_400_000;

/** The fulfillment channel code of Amazon's network in a marketplace's region (`AMAZON_NA`, …). */
export function amazonChannel(marketplaceId: string): string {
  const mp = marketplace(marketplaceId);
  if (mp.countryCode === 'JP') return 'AMAZON_JP';
  return mp.region === 'eu' ? 'AMAZON_EU' : 'AMAZON_NA';
}

/** A new listing's facts, for listings the controls or a feed's UPDATE create. */
interface NewListing {
  sku: string;
  asin: string;
  productType: string;
  itemName: string;
  fulfilledBy: 'MERCHANT' | 'AMAZON';
  /** Seller-fulfilled quantity (ignored for FBA listings, whose stock is `fba`). */
  quantity: number;
  /** Price in the marketplace currency's minor units, per marketplace. */
  priceMinor: (marketplaceId: string) => number;
}

/**
 * Every listing of every seller: each product of the seller's catalog (the SKUs its orders use) as a
 * seller-fulfilled listing and as an FBA listing (`fbaSku`), in each of the seller's marketplaces, with a
 * quantity, a price that matches the order prices, and FBA stock. Changed by patchListingsItem,
 * deleteListingsItem, `JSON_LISTINGS_FEED` and the controls; read by the Listings Items, FBA Inventory and
 * Reports operations and `GET /_emulator/listings`.
 */
export class ListingStore {
  private readonly bySeller = new Map<string, Map<string, StoredListing>>();
  private fnSkuSeq = 0;

  constructor(
    private readonly prng: Prng,
    private readonly sellers: EmulatorCredentials['sellers'],
  ) {
    for (const s of sellers) this.bySeller.set(s.sellerId, new Map());
  }

  /** Seeds the listings of each seller from its catalog, created before `startMs`. */
  seed(catalogOf: (sellerId: string) => readonly Product[], startMs: number): void {
    for (const seller of this.sellers) {
      for (const product of catalogOf(seller.sellerId)) {
        const createdMs = startMs - this.prng.between(40, 400) * DAY;
        const priceMinor = (marketplaceId: string) => catalogPrice(product.usdCents, marketplaceId);
        const common = { asin: product.asin, productType: product.productType, itemName: product.title };
        const quantity = this.prng.chance(0.1) ? 0 : this.prng.between(1, 250);
        this.create(seller.sellerId, seller.marketplaceIds, createdMs, {
          ...common,
          sku: product.sku,
          fulfilledBy: 'MERCHANT',
          quantity,
          priceMinor,
        });
        this.create(seller.sellerId, seller.marketplaceIds, createdMs, {
          ...common,
          sku: fbaSku(product.sku),
          fulfilledBy: 'AMAZON',
          quantity: 0,
          priceMinor,
        });
      }
    }
  }

  /** Creates a listing in the given marketplaces (replacing one with the same SKU). */
  create(
    sellerId: string,
    marketplaceIds: readonly string[],
    createdMs: number,
    spec: NewListing,
  ): StoredListing {
    const listing: StoredListing = {
      sellerId,
      sku: spec.sku,
      asin: spec.asin,
      productType: spec.productType,
      itemName: spec.itemName,
      marketplaces: new Map(),
    };
    if (spec.fulfilledBy === 'AMAZON') listing.fnSku = this.nextFnSku();
    for (const marketplaceId of marketplaceIds) {
      const mp = marketplace(marketplaceId);
      const channel = spec.fulfilledBy === 'AMAZON' ? amazonChannel(marketplaceId) : 'DEFAULT';
      const price = spec.priceMinor(marketplaceId) / 10 ** digits(mp.defaultCurrency);
      const attributes: Attributes = {
        item_name: [
          { value: spec.itemName, language_tag: mp.defaultLanguage, marketplace_id: marketplaceId },
        ],
        condition_type: [{ value: 'new_new', marketplace_id: marketplaceId }],
        fulfillment_availability: [
          spec.fulfilledBy === 'AMAZON'
            ? { fulfillment_channel_code: channel }
            : { fulfillment_channel_code: channel, quantity: spec.quantity },
        ],
        purchasable_offer: [
          {
            marketplace_id: marketplaceId,
            currency: mp.defaultCurrency,
            audience: 'ALL',
            our_price: [{ schedule: [{ value_with_tax: price }] }],
          },
        ],
      };
      const entry: MarketplaceListing = {
        marketplaceId,
        attributes,
        createdMs,
        lastUpdatedMs: createdMs,
        updates: 0,
      };
      if (spec.fulfilledBy === 'AMAZON') entry.fba = this.fbaStock(createdMs);
      listing.marketplaces.set(marketplaceId, entry);
    }
    this.bySeller.get(sellerId)?.set(spec.sku, listing);
    return listing;
  }

  /** The seller's listing of a SKU, if it has one. */
  get(sellerId: string, sku: string): StoredListing | undefined {
    return this.bySeller.get(sellerId)?.get(sku);
  }

  /** Every listing of the seller, in SKU order. */
  all(sellerId: string): StoredListing[] {
    return [...(this.bySeller.get(sellerId)?.values() ?? [])].sort((a, b) =>
      a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0,
    );
  }

  /** Applies checked patches in each marketplace where the SKU is listed; false when it is listed in none. */
  patch(
    sellerId: string,
    sku: string,
    marketplaceIds: readonly string[],
    patches: readonly AttributePatch[],
    atMs: number,
  ): boolean {
    const listing = this.get(sellerId, sku);
    let applied = false;
    for (const marketplaceId of marketplaceIds) {
      const entry = listing?.marketplaces.get(marketplaceId);
      if (!entry) continue;
      entry.attributes = applyPatches(entry.attributes, patches, marketplaceId);
      this.touch(entry, atMs);
      applied = true;
    }
    return applied;
  }

  /**
   * Replaces a listing's attributes in the given marketplaces (a feed's UPDATE), creating the listing where
   * the seller has none; item facts (`item_name`) come from the attributes when they carry them.
   */
  replace(
    sellerId: string,
    sku: string,
    marketplaceIds: readonly string[],
    productType: string,
    attributes: Attributes,
    atMs: number,
  ): void {
    let listing = this.get(sellerId, sku);
    if (!listing) {
      const name = attributes.item_name?.[0]?.value;
      const asin = attributes.merchant_suggested_asin?.[0]?.value;
      listing = {
        sellerId,
        sku,
        asin:
          typeof asin === 'string' ? asin : `B0${this.prng.chars(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
        productType,
        itemName: typeof name === 'string' ? name : sku,
        marketplaces: new Map(),
      };
      this.bySeller.get(sellerId)?.set(sku, listing);
    }
    listing.productType = productType;
    for (const marketplaceId of marketplaceIds) {
      const current = listing.marketplaces.get(marketplaceId);
      const entry: MarketplaceListing = current ?? {
        marketplaceId,
        attributes: {},
        createdMs: atMs,
        lastUpdatedMs: atMs,
        updates: 0,
      };
      entry.attributes = applyPatches(
        {},
        Object.entries(attributes).map(([attribute, value]) => ({ op: 'replace', attribute, value })),
        marketplaceId,
      );
      this.touch(entry, atMs);
      listing.marketplaces.set(marketplaceId, entry);
    }
  }

  /** Deletes the listing in the given marketplaces; the SKU is gone once it is listed nowhere. */
  delete(sellerId: string, sku: string, marketplaceIds: readonly string[]): boolean {
    const listing = this.get(sellerId, sku);
    if (!listing) return false;
    let deleted = false;
    for (const id of marketplaceIds) deleted = listing.marketplaces.delete(id) || deleted;
    if (listing.marketplaces.size === 0) this.bySeller.get(sellerId)?.delete(sku);
    return deleted;
  }

  private touch(entry: MarketplaceListing, atMs: number): void {
    entry.lastUpdatedMs = Math.max(entry.lastUpdatedMs, Math.floor(atMs / 1000) * 1000);
    entry.updates += 1;
  }

  private fbaStock(createdMs: number): FbaStock {
    const p = this.prng;
    const some = (chance: number, max: number) => (p.chance(chance) ? p.between(1, max) : 0);
    return {
      fulfillable: p.chance(0.1) ? 0 : p.between(1, 400),
      inboundWorking: some(0.2, 60),
      inboundShipped: some(0.2, 60),
      inboundReceiving: some(0.1, 30),
      pendingCustomerOrder: some(0.4, 8),
      pendingTransshipment: some(0.15, 10),
      fcProcessing: some(0.1, 5),
      researching: some(0.05, 3),
      customerDamaged: some(0.1, 4),
      warehouseDamaged: some(0.05, 3),
      lastUpdatedMs: createdMs + p.between(0, 30) * DAY,
    };
  }

  /** `X00` and seven characters, as Amazon's FNSKUs for seller-labelled units. */
  private nextFnSku(): string {
    this.fnSkuSeq += 1;
    return `X00${this.fnSkuSeq.toString(36).toUpperCase().padStart(3, '0')}${this.prng.chars(4, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}`;
  }
}

/** A catalog price in a marketplace, in minor units: the same conversion the orders' prices use. */
export function catalogPrice(usdCents: number, marketplaceId: string): number {
  const currency = marketplace(marketplaceId).defaultCurrency;
  const minorPerUsdCent = ((USD_RATE[currency] ?? 1) * 10 ** digits(currency)) / 100;
  return Math.max(1, Math.round(usdCents * minorPerUsdCent));
}
