/** SP-API regions: each has one production and one sandbox host. */
export type Region = 'na' | 'eu' | 'fe';

/** Every region, in Amazon's order. */
export const REGIONS: readonly Region[] = ['na', 'eu', 'fe'];

/**
 * The SP-API base URL of a region: `https://sellingpartnerapi-{region}.amazon.com`, or the sandbox host
 * `https://sandbox.sellingpartnerapi-{region}.amazon.com` (dot-separated, as Amazon names it).
 */
export function endpointForRegion(region: Region, sandbox = false): string {
  return `https://${sandbox ? 'sandbox.' : ''}sellingpartnerapi-${region}.amazon.com`;
}
