import type { Region } from './regions.js';

/** One Amazon marketplace. */
export interface Marketplace {
  /** Amazon's marketplace id (`ATVPDKIKX0DER`). */
  readonly id: string;
  /** ISO 3166-1 alpha-2 country code; Amazon's own table writes `UK` for the United Kingdom, this is `GB`. */
  readonly countryCode: string;
  readonly name: string;
  /** The SP-API region whose host serves this marketplace. */
  readonly region: Region;
  /** ISO 4217 currency of prices in this marketplace. */
  readonly defaultCurrency: string;
}

const rows: ReadonlyArray<readonly [string, string, string, Region, string]> = [
  ['A2EUQ1WTGCTBG2', 'CA', 'Canada', 'na', 'CAD'],
  ['ATVPDKIKX0DER', 'US', 'United States', 'na', 'USD'],
  ['A1AM78C64UM0Y8', 'MX', 'Mexico', 'na', 'MXN'],
  ['A2Q3Y263D00KWC', 'BR', 'Brazil', 'na', 'BRL'],
  ['A28R8C7NBKEWEA', 'IE', 'Ireland', 'eu', 'EUR'],
  ['A1RKKUPIHCS9HS', 'ES', 'Spain', 'eu', 'EUR'],
  ['A1F83G8C2ARO7P', 'GB', 'United Kingdom', 'eu', 'GBP'],
  ['A13V1IB3VIYZZH', 'FR', 'France', 'eu', 'EUR'],
  ['AMEN7PMS3EDWL', 'BE', 'Belgium', 'eu', 'EUR'],
  ['A1805IZSGTT6HS', 'NL', 'Netherlands', 'eu', 'EUR'],
  ['A1PA6795UKMFR9', 'DE', 'Germany', 'eu', 'EUR'],
  ['APJ6JRA9NG5V4', 'IT', 'Italy', 'eu', 'EUR'],
  ['A2NODRKZP88ZB9', 'SE', 'Sweden', 'eu', 'SEK'],
  ['AE08WJ6YKNBMC', 'ZA', 'South Africa', 'eu', 'ZAR'],
  ['A1C3SOZRARQ6R3', 'PL', 'Poland', 'eu', 'PLN'],
  ['ARBP9OOSHTCHU', 'EG', 'Egypt', 'eu', 'EGP'],
  ['A33AVAJ2PDY3EV', 'TR', 'Turkey', 'eu', 'TRY'],
  ['A17E79C6D8DWNP', 'SA', 'Saudi Arabia', 'eu', 'SAR'],
  ['A2VIGQ35RCS4UG', 'AE', 'United Arab Emirates', 'eu', 'AED'],
  ['A21TJRUUN4KGV', 'IN', 'India', 'eu', 'INR'],
  ['A19VAU5U5O7RUS', 'SG', 'Singapore', 'fe', 'SGD'],
  ['A39IBJ37TRP1C6', 'AU', 'Australia', 'fe', 'AUD'],
  ['A1VC38T7YXB528', 'JP', 'Japan', 'fe', 'JPY'],
];

/** Every SP-API marketplace id (Amazon's marketplace-ids page), keyed by id. */
export const MARKETPLACES: Readonly<Record<string, Marketplace>> = Object.freeze(
  Object.fromEntries(
    rows.map(([id, countryCode, name, region, defaultCurrency]) => [
      id,
      Object.freeze({ id, countryCode, name, region, defaultCurrency }),
    ]),
  ),
);

/** The region whose host serves a marketplace, or `undefined` for an id Amazon does not list. */
export function regionOfMarketplace(marketplaceId: string): Region | undefined {
  return MARKETPLACES[marketplaceId]?.region;
}
