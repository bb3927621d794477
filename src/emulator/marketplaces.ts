import { findMarketplace, type Marketplace, type Region } from '../amazon/index.js';

/** A marketplace the emulator serves: Amazon's facts plus sample places for generated addresses. */
interface MarketplaceInfo extends Marketplace {
  /** Sample places for generated addresses: city, state or region, postal code. */
  readonly places: readonly (readonly [string, string, string])[];
}

// Sample places of the marketplaces the emulator generates orders in; every other fact comes from src/amazon.
const places: Readonly<Record<string, MarketplaceInfo['places']>> = {
  ATVPDKIKX0DER: [
    ['Seattle', 'WA', '98101'],
    ['Austin', 'TX', '73301'],
    ['Brooklyn', 'NY', '11201'],
    ['Denver', 'CO', '80202'],
  ],
  A2EUQ1WTGCTBG2: [
    ['Toronto', 'ON', 'M5H 2N2'],
    ['Vancouver', 'BC', 'V6B 1A1'],
  ],
  A1AM78C64UM0Y8: [
    ['Ciudad de México', 'CDMX', '06000'],
    ['Guadalajara', 'JAL', '44100'],
  ],
  A2Q3Y263D00KWC: [['São Paulo', 'SP', '01001-000']],
  A1PA6795UKMFR9: [
    ['Berlin', 'BE', '10115'],
    ['München', 'BY', '80331'],
    ['Hamburg', 'HH', '20095'],
  ],
  A1F83G8C2ARO7P: [
    ['London', 'Greater London', 'EC1A 1BB'],
    ['Manchester', 'Greater Manchester', 'M1 1AE'],
  ],
  A13V1IB3VIYZZH: [
    ['Paris', 'Île-de-France', '75001'],
    ['Lyon', 'Auvergne-Rhône-Alpes', '69001'],
  ],
  APJ6JRA9NG5V4: [
    ['Milano', 'MI', '20121'],
    ['Roma', 'RM', '00184'],
  ],
  A1RKKUPIHCS9HS: [
    ['Madrid', 'Madrid', '28013'],
    ['Barcelona', 'Barcelona', '08001'],
  ],
  A1VC38T7YXB528: [
    ['Shibuya-ku', 'Tokyo', '150-0002'],
    ['Osaka-shi', 'Osaka', '530-0001'],
  ],
};

/** Every marketplace the emulator knows, by id. */
export const MARKETPLACES: ReadonlyMap<string, MarketplaceInfo> = new Map(
  Object.entries(places).map(([id, samples]) => {
    const facts = findMarketplace(id);
    if (!facts) throw new Error(`src/amazon has no marketplace ${id}`);
    return [id, { ...facts, places: samples }];
  }),
);

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
