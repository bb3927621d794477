import type { Region } from './regions.js';

/**
 * Where sellers and vendors sign in, per region: the host of the OAuth consent page
 * (`{host}/apps/authorize/consent`) and of the pages where credentials are found. One authorization covers
 * every marketplace of the seller in that region.
 */
export const SELLER_CENTRAL: Readonly<Record<Region, string>> = {
  na: 'https://sellercentral.amazon.com',
  eu: 'https://sellercentral-europe.amazon.com',
  fe: 'https://sellercentral.amazon.co.jp',
};

/** Vendor Central's host per region, for vendor apps. */
export const VENDOR_CENTRAL: Readonly<Record<Region, string>> = {
  na: 'https://vendorcentral.amazon.com',
  eu: 'https://vendorcentral.amazon.co.uk',
  fe: 'https://vendorcentral.amazon.co.jp',
};
