/** A marketplace the emulator knows: Amazon's id and what the Sellers API and order data need. */
export interface MarketplaceInfo {
  readonly id: string;
  readonly name: string;
  /** ISO 3166-1 alpha-2 (Amazon's table says UK; addresses and the Sellers API use GB). */
  readonly countryCode: string;
  readonly currency: string;
  readonly language: string;
  readonly domain: string;
  readonly region: 'na' | 'eu' | 'fe';
  /** Sample places for generated addresses: city, state or region, postal code. */
  readonly places: readonly (readonly [string, string, string])[];
}

export type Region = 'na' | 'eu' | 'fe';

const list: readonly MarketplaceInfo[] = [
  {
    id: 'ATVPDKIKX0DER',
    name: 'Amazon.com',
    countryCode: 'US',
    currency: 'USD',
    language: 'en_US',
    domain: 'www.amazon.com',
    region: 'na',
    places: [
      ['Seattle', 'WA', '98101'],
      ['Austin', 'TX', '73301'],
      ['Brooklyn', 'NY', '11201'],
      ['Denver', 'CO', '80202'],
    ],
  },
  {
    id: 'A2EUQ1WTGCTBG2',
    name: 'Amazon.ca',
    countryCode: 'CA',
    currency: 'CAD',
    language: 'en_CA',
    domain: 'www.amazon.ca',
    region: 'na',
    places: [
      ['Toronto', 'ON', 'M5H 2N2'],
      ['Vancouver', 'BC', 'V6B 1A1'],
    ],
  },
  {
    id: 'A1AM78C64UM0Y8',
    name: 'Amazon.com.mx',
    countryCode: 'MX',
    currency: 'MXN',
    language: 'es_MX',
    domain: 'www.amazon.com.mx',
    region: 'na',
    places: [
      ['Ciudad de México', 'CDMX', '06000'],
      ['Guadalajara', 'JAL', '44100'],
    ],
  },
  {
    id: 'A2Q3Y263D00KWC',
    name: 'Amazon.com.br',
    countryCode: 'BR',
    currency: 'BRL',
    language: 'pt_BR',
    domain: 'www.amazon.com.br',
    region: 'na',
    places: [['São Paulo', 'SP', '01001-000']],
  },
  {
    id: 'A1PA6795UKMFR9',
    name: 'Amazon.de',
    countryCode: 'DE',
    currency: 'EUR',
    language: 'de_DE',
    domain: 'www.amazon.de',
    region: 'eu',
    places: [
      ['Berlin', 'BE', '10115'],
      ['München', 'BY', '80331'],
      ['Hamburg', 'HH', '20095'],
    ],
  },
  {
    id: 'A1F83G8C2ARO7P',
    name: 'Amazon.co.uk',
    countryCode: 'GB',
    currency: 'GBP',
    language: 'en_GB',
    domain: 'www.amazon.co.uk',
    region: 'eu',
    places: [
      ['London', 'Greater London', 'EC1A 1BB'],
      ['Manchester', 'Greater Manchester', 'M1 1AE'],
    ],
  },
  {
    id: 'A13V1IB3VIYZZH',
    name: 'Amazon.fr',
    countryCode: 'FR',
    currency: 'EUR',
    language: 'fr_FR',
    domain: 'www.amazon.fr',
    region: 'eu',
    places: [
      ['Paris', 'Île-de-France', '75001'],
      ['Lyon', 'Auvergne-Rhône-Alpes', '69001'],
    ],
  },
  {
    id: 'APJ6JRA9NG5V4',
    name: 'Amazon.it',
    countryCode: 'IT',
    currency: 'EUR',
    language: 'it_IT',
    domain: 'www.amazon.it',
    region: 'eu',
    places: [
      ['Milano', 'MI', '20121'],
      ['Roma', 'RM', '00184'],
    ],
  },
  {
    id: 'A1RKKUPIHCS9HS',
    name: 'Amazon.es',
    countryCode: 'ES',
    currency: 'EUR',
    language: 'es_ES',
    domain: 'www.amazon.es',
    region: 'eu',
    places: [
      ['Madrid', 'Madrid', '28013'],
      ['Barcelona', 'Barcelona', '08001'],
    ],
  },
  {
    id: 'A1VC38T7YXB528',
    name: 'Amazon.co.jp',
    countryCode: 'JP',
    currency: 'JPY',
    language: 'ja_JP',
    domain: 'www.amazon.co.jp',
    region: 'fe',
    places: [
      ['Shibuya-ku', 'Tokyo', '150-0002'],
      ['Osaka-shi', 'Osaka', '530-0001'],
    ],
  },
];

/** Every marketplace the emulator knows, by id. */
export const MARKETPLACES: ReadonlyMap<string, MarketplaceInfo> = new Map(list.map((m) => [m.id, m]));

/** The marketplaces given to sellers 1, 2, 3 (then the cycle repeats), as the issue lays out. */
export const SELLER_MARKETPLACES: readonly { region: Region; marketplaceIds: readonly string[] }[] = [
  { region: 'na', marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2', 'A1AM78C64UM0Y8'] },
  {
    region: 'eu',
    marketplaceIds: ['A1PA6795UKMFR9', 'A1F83G8C2ARO7P', 'A13V1IB3VIYZZH', 'APJ6JRA9NG5V4', 'A1RKKUPIHCS9HS'],
  },
  { region: 'fe', marketplaceIds: ['A1VC38T7YXB528'] },
];

export function marketplace(id: string): MarketplaceInfo {
  const found = MARKETPLACES.get(id);
  if (!found) throw new Error(`unknown marketplace ${id}`);
  return found;
}
