import type { Region } from '../amazon/index.js';

/** A seller account (Seller Central) or a vendor account (Vendor Central). */
export type AccountKind = 'seller' | 'vendor';

/** The encrypted fields of an account, by their name in the vault. */
export type SecretField = 'client_secret' | 'refresh_token' | 'aws_secret_access_key';

export const SECRET_FIELDS: readonly SecretField[] = [
  'client_secret',
  'refresh_token',
  'aws_secret_access_key',
];

/** One base URL per region, replacing Amazon's regional hosts (`CSM_REGION_ENDPOINTS`). */
export type RegionEndpoints = Readonly<Record<Region, string>>;

/** A marketplace the seller takes part in, as `getMarketplaceParticipations` reported it. */
export interface MarketplaceParticipation {
  /** Amazon's marketplace id (`ATVPDKIKX0DER`). */
  readonly id: string;
  /** ISO country code as Amazon sends it. */
  readonly countryCode: string;
  readonly name: string;
  readonly participating: boolean;
  readonly suspendedListings: boolean;
}

/** The legacy AWS fields (optional since 2023-10-02); the secret access key is in the vault. */
export interface AwsFields {
  readonly accessKeyId: string;
  readonly roleArn: string;
}

/** What an account is, apart from its secrets and its row: what `connect` checks and `doctor` reads. */
export interface AccountSettings {
  /** The name commands use (`--account NAME`). */
  readonly name: string;
  readonly kind: AccountKind;
  /** The region the seller authorized the app in. */
  readonly region: Region;
  /** The LWA client identifier (not a secret). */
  readonly clientId: string;
  /** The app's id, used to build the OAuth consent URL; undefined when not given. */
  readonly applicationId: string | undefined;
  /** The Merchant Token; undefined until given (no SP-API operation returns it for a self-authorized seller). */
  readonly sellerId: string | undefined;
  /** The marketplaces found when the account was connected. */
  readonly marketplaces: readonly MarketplaceParticipation[];
  /** One base URL for every region (the emulator's), or undefined. */
  readonly endpoint: string | undefined;
  /** One base URL per region, or undefined. Never set together with `endpoint`. */
  readonly regionEndpoints: RegionEndpoints | undefined;
  /** Calls go to Amazon's sandbox hosts. */
  readonly sandbox: boolean;
  /** The day the client secret was created (`YYYY-MM-DD`); undefined when unknown. */
  readonly secretCreated: string | undefined;
  readonly aws: AwsFields | undefined;
}

/** A stored account as everyone may see it: no secret, only which secrets are stored. */
export interface Account extends AccountSettings {
  /** A UUID; with a field name it binds each encrypted value to this account. */
  readonly id: string;
  /** The secrets stored for the account (names only). */
  readonly secrets: readonly SecretField[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The account's secrets, opened. Never printed, logged or put in an error. */
export interface AccountSecrets {
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly awsSecretAccessKey: string | undefined;
}

/** What `AccountRepository.add` stores: an account and its secrets. */
export interface NewAccount {
  readonly name: string;
  readonly kind: AccountKind;
  readonly region: Region;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly refreshToken: string;
  readonly applicationId?: string | undefined;
  readonly sellerId?: string | undefined;
  readonly marketplaces?: readonly MarketplaceParticipation[] | undefined;
  readonly endpoint?: string | undefined;
  readonly regionEndpoints?: RegionEndpoints | undefined;
  readonly sandbox?: boolean | undefined;
  readonly secretCreated?: string | undefined;
  readonly aws?: (AwsFields & { readonly secretAccessKey: string }) | undefined;
}

/**
 * The base URL an account's calls for `region` go to (LWA at `/auth/o2/token` below it, SP-API at its
 * paths), or undefined for Amazon's hosts.
 */
export function accountEndpoint(
  account: Pick<Account, 'endpoint' | 'regionEndpoints' | 'region'>,
  region: Region = account.region,
): string | undefined {
  return account.regionEndpoints?.[region] ?? account.endpoint;
}
