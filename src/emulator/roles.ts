/** The application roles the emulator knows (Amazon's role names in camelCase). The app holds all by default. */
export const ROLES = [
  'productListing',
  'pricing',
  'amazonFulfillment',
  'buyerCommunication',
  'sellingPartnerInsights',
  'financeAndAccounting',
  'inventoryAndOrderTracking',
  /** Restricted: shipping address and recipient. */
  'directToConsumerShipping',
  /** Restricted: buyer information. */
  'taxInvoicing',
  /** Restricted: buyer tax information. */
  'taxRemittance',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The restricted role each RDT data element needs. */
export const DATA_ELEMENT_ROLES: Readonly<Record<string, Role>> = {
  buyerInfo: 'taxInvoicing',
  shippingAddress: 'directToConsumerShipping',
  buyerTaxInformation: 'taxRemittance',
};

/**
 * Roles that may call the Feeds API's operations (Amazon's role mappings list these and Brand Analytics and
 * PISP, which the emulator does not model); which feed types a role may submit is `FEED_TYPE_ROLES`.
 */
const FEEDS_ROLES: readonly Role[] = [
  'amazonFulfillment',
  'directToConsumerShipping',
  'inventoryAndOrderTracking',
  'pricing',
  'productListing',
  'taxInvoicing',
];

/** Roles that may call the Reports API's operations; which report types a role may request is `REPORT_TYPE_ROLES`. */
const REPORTS_ROLES: readonly Role[] = [
  'amazonFulfillment',
  'financeAndAccounting',
  'inventoryAndOrderTracking',
  'pricing',
  'productListing',
  'sellingPartnerInsights',
  'taxInvoicing',
  'taxRemittance',
];

/**
 * The roles an API family needs, any one of them (as Amazon's role mappings say "need at least one");
 * families not listed need none (Sellers, Tokens). A missing role is 403 `Unauthorized`.
 */
export const API_ROLES: Readonly<Record<string, readonly Role[]>> = {
  orders: ['inventoryAndOrderTracking'],
  listings: ['productListing'],
  fbaInventory: ['amazonFulfillment'],
  feeds: FEEDS_ROLES,
  reports: REPORTS_ROLES,
};

/** The roles a feed type needs, any one of them (Amazon's "Role Mappings for SP-API Types"). */
export const FEED_TYPE_ROLES: Readonly<Record<string, readonly Role[]>> = {
  JSON_LISTINGS_FEED: ['inventoryAndOrderTracking', 'productListing'],
  POST_ORDER_FULFILLMENT_DATA: ['inventoryAndOrderTracking'],
  POST_ORDER_ACKNOWLEDGEMENT_DATA: ['inventoryAndOrderTracking'],
};

/** The roles a report type needs, any one of them. */
export const REPORT_TYPE_ROLES: Readonly<Record<string, readonly Role[]>> = {
  GET_MERCHANT_LISTINGS_ALL_DATA: ['inventoryAndOrderTracking', 'pricing', 'productListing'],
  GET_MERCHANT_LISTINGS_DATA: ['inventoryAndOrderTracking', 'pricing', 'productListing'],
};

/** Whether the application holds at least one of the roles. */
export function holdsAny(granted: ReadonlySet<Role>, needed: readonly Role[]): boolean {
  return needed.some((role) => granted.has(role));
}
