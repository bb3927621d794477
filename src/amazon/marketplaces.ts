import type { Region } from './regions.js';

/** One Amazon marketplace, as the Sellers API and Amazon's marketplace-ids page describe it. */
export interface Marketplace {
  /** Amazon's marketplace id (`ATVPDKIKX0DER`). */
  readonly id: string;
  /** ISO 3166-1 alpha-2 country code; Amazon's own table writes `UK` for the United Kingdom, this is `GB`. */
  readonly countryCode: string;
  /** The country's English name. */
  readonly country: string;
  /** The store's name as the Sellers API gives it (`Amazon.com`). */
  readonly name: string;
  /** The SP-API region whose host serves this marketplace. */
  readonly region: Region;
  /** ISO 4217 currency of prices in this marketplace. */
  readonly defaultCurrency: string;
  /** The Sellers API's `defaultLanguageCode` (`en_US`). */
  readonly defaultLanguage: string;
  /** The store's web host (`www.amazon.com`). */
  readonly domain: string;
}

type Row = readonly [
  id: string,
  countryCode: string,
  country: string,
  region: Region,
  currency: string,
  language: string,
  domain: string,
  name: string,
];

const rows: readonly Row[] = [
  ['A2EUQ1WTGCTBG2', 'CA', 'Canada', 'na', 'CAD', 'en_CA', 'www.amazon.ca', 'Amazon.ca'],
  ['ATVPDKIKX0DER', 'US', 'United States', 'na', 'USD', 'en_US', 'www.amazon.com', 'Amazon.com'],
  ['A1AM78C64UM0Y8', 'MX', 'Mexico', 'na', 'MXN', 'es_MX', 'www.amazon.com.mx', 'Amazon.com.mx'],
  ['A2Q3Y263D00KWC', 'BR', 'Brazil', 'na', 'BRL', 'pt_BR', 'www.amazon.com.br', 'Amazon.com.br'],
  ['A28R8C7NBKEWEA', 'IE', 'Ireland', 'eu', 'EUR', 'en_IE', 'www.amazon.ie', 'Amazon.ie'],
  ['A1RKKUPIHCS9HS', 'ES', 'Spain', 'eu', 'EUR', 'es_ES', 'www.amazon.es', 'Amazon.es'],
  ['A1F83G8C2ARO7P', 'GB', 'United Kingdom', 'eu', 'GBP', 'en_GB', 'www.amazon.co.uk', 'Amazon.co.uk'],
  ['A13V1IB3VIYZZH', 'FR', 'France', 'eu', 'EUR', 'fr_FR', 'www.amazon.fr', 'Amazon.fr'],
  ['AMEN7PMS3EDWL', 'BE', 'Belgium', 'eu', 'EUR', 'fr_BE', 'www.amazon.com.be', 'Amazon.com.be'],
  ['A1805IZSGTT6HS', 'NL', 'Netherlands', 'eu', 'EUR', 'nl_NL', 'www.amazon.nl', 'Amazon.nl'],
  ['A1PA6795UKMFR9', 'DE', 'Germany', 'eu', 'EUR', 'de_DE', 'www.amazon.de', 'Amazon.de'],
  ['APJ6JRA9NG5V4', 'IT', 'Italy', 'eu', 'EUR', 'it_IT', 'www.amazon.it', 'Amazon.it'],
  ['A2NODRKZP88ZB9', 'SE', 'Sweden', 'eu', 'SEK', 'sv_SE', 'www.amazon.se', 'Amazon.se'],
  ['AE08WJ6YKNBMC', 'ZA', 'South Africa', 'eu', 'ZAR', 'en_ZA', 'www.amazon.co.za', 'Amazon.co.za'],
  ['A1C3SOZRARQ6R3', 'PL', 'Poland', 'eu', 'PLN', 'pl_PL', 'www.amazon.pl', 'Amazon.pl'],
  ['ARBP9OOSHTCHU', 'EG', 'Egypt', 'eu', 'EGP', 'ar_EG', 'www.amazon.eg', 'Amazon.eg'],
  ['A33AVAJ2PDY3EV', 'TR', 'Turkey', 'eu', 'TRY', 'tr_TR', 'www.amazon.com.tr', 'Amazon.com.tr'],
  ['A17E79C6D8DWNP', 'SA', 'Saudi Arabia', 'eu', 'SAR', 'ar_AE', 'www.amazon.sa', 'Amazon.sa'],
  ['A2VIGQ35RCS4UG', 'AE', 'United Arab Emirates', 'eu', 'AED', 'ar_AE', 'www.amazon.ae', 'Amazon.ae'],
  ['A21TJRUUN4KGV', 'IN', 'India', 'eu', 'INR', 'en_IN', 'www.amazon.in', 'Amazon.in'],
  ['A19VAU5U5O7RUS', 'SG', 'Singapore', 'fe', 'SGD', 'en_SG', 'www.amazon.sg', 'Amazon.sg'],
  ['A39IBJ37TRP1C6', 'AU', 'Australia', 'fe', 'AUD', 'en_AU', 'www.amazon.com.au', 'Amazon.com.au'],
  ['A1VC38T7YXB528', 'JP', 'Japan', 'fe', 'JPY', 'ja_JP', 'www.amazon.co.jp', 'Amazon.co.jp'],
];

/** Every SP-API marketplace (Amazon's marketplace-ids page), keyed by id. */
export const MARKETPLACES: Readonly<Record<string, Marketplace>> = Object.freeze(
  Object.fromEntries(
    rows.map(([id, countryCode, country, region, defaultCurrency, defaultLanguage, domain, name]) => [
      id,
      Object.freeze({ id, countryCode, country, name, region, defaultCurrency, defaultLanguage, domain }),
    ]),
  ),
);

/** The marketplace of an id, or `undefined` for an id Amazon does not list. */
export function findMarketplace(marketplaceId: string): Marketplace | undefined {
  return Object.hasOwn(MARKETPLACES, marketplaceId) ? MARKETPLACES[marketplaceId] : undefined;
}

/** The region whose host serves a marketplace, or `undefined` for an id Amazon does not list. */
export function regionOfMarketplace(marketplaceId: string): Region | undefined {
  return findMarketplace(marketplaceId)?.region;
}
