import type { Region } from '../amazon/index.js';
import { SELLER_MARKETPLACES } from './marketplaces.js';
import { createPrng } from './prng.js';

/** What `GET /_emulator/credentials` returns: one application and its authorized sellers. */
export interface EmulatorCredentials {
  applicationId: string;
  clientId: string;
  clientSecret: string;
  sellers: {
    sellerId: string;
    refreshToken: string;
    region: Region;
    marketplaceIds: string[];
  }[];
  /**
   * The legacy AWS setup (docs/emulator.md, "STS and IAM"): the IAM model's first user and role, and the
   * emulator's STS endpoint. Fields are null when the model has no such user, key or role.
   */
  aws?: {
    accountId: string | null;
    userName: string | null;
    accessKeyId: string | null;
    secretAccessKey: string | null;
    roleArn: string | null;
    stsEndpoint: string;
  };
  /** Regional mode only: the base URL of each region's port (docs/emulator.md, "Regions"). */
  endpoints?: Record<Region, string>;
}

/** Characters Amazon's tokens use after the prefix (base64url-like, plus the '-' Amazon shows). */
export const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SELLER_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Deterministic for a seed: same seed, same application, secrets, sellers and refresh tokens. */
export function generateCredentials(seed: number, sellerCount: number): EmulatorCredentials {
  const prng = createPrng(seed, 'credentials');
  const applicationId = `amzn1.sellerapps.app.${prng.uuid()}`;
  const clientId = `amzn1.application-oa2-client.${prng.hex(32)}`;
  const clientSecret = `amzn1.oa2-cs.v1.${prng.hex(64)}`;
  const sellers: EmulatorCredentials['sellers'] = [];
  const seen = new Set<string>();
  for (let i = 0; i < sellerCount; i++) {
    const layout = SELLER_MARKETPLACES[i % SELLER_MARKETPLACES.length]!;
    let sellerId = '';
    do sellerId = `A${prng.chars(13, SELLER_ID_ALPHABET)}`;
    while (seen.has(sellerId));
    seen.add(sellerId);
    sellers.push({
      sellerId,
      refreshToken: `Atzr|${prng.chars(96, TOKEN_ALPHABET)}`,
      region: layout.region,
      marketplaceIds: [...layout.marketplaceIds],
    });
  }
  return { applicationId, clientId, clientSecret, sellers };
}
