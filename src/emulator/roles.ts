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

/** The (non-restricted) role an API family needs; families not listed need none (Sellers, Tokens). */
export const API_ROLES: Readonly<Record<string, Role>> = {
  orders: 'inventoryAndOrderTracking',
};
