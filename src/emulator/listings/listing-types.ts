import type { components as listings } from '../../amazon/generated/types/listingsItems20210801.js';

/** The Listings Items 2021-08-01 shapes the emulator answers with. */
export type Item = listings['schemas']['Item'];
export type ListingIssue = listings['schemas']['Issue'];

/**
 * A listing's attributes in one marketplace, keyed by attribute name, each an array of entries, as the
 * Listings Items API and `JSON_LISTINGS_FEED` write them (`fulfillment_availability`, `purchasable_offer`, …).
 */
export type Attributes = Record<string, Record<string, unknown>[]>;

/** Stock in Amazon's fulfillment network for one FBA listing in one marketplace. */
export interface FbaStock {
  fulfillable: number;
  inboundWorking: number;
  inboundShipped: number;
  inboundReceiving: number;
  pendingCustomerOrder: number;
  pendingTransshipment: number;
  fcProcessing: number;
  researching: number;
  customerDamaged: number;
  warehouseDamaged: number;
  lastUpdatedMs: number;
}

/** A listing in one marketplace: its attributes and times, and its FBA stock when it is an FBA listing. */
export interface MarketplaceListing {
  marketplaceId: string;
  attributes: Attributes;
  createdMs: number;
  lastUpdatedMs: number;
  /** Submissions (patches, feed messages) applied here, for the ground truth. */
  updates: number;
  fba?: FbaStock;
}

/** One SKU of one seller, with its listing in each marketplace it is offered in. */
export interface StoredListing {
  sellerId: string;
  sku: string;
  asin: string;
  productType: string;
  itemName: string;
  /** Amazon's fulfillment network SKU, for FBA listings. */
  fnSku?: string;
  marketplaces: Map<string, MarketplaceListing>;
}
