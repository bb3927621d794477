import type { Region } from '../../amazon/index.js';

/** Where the credentials came from: the environment or a stored account. */
export type CredentialOrigin = { readonly from: 'environment' } | { readonly from: 'account'; name: string };

/** The configuration of `csm api`, validated and with every default applied (`resolveConfig`). */
export interface CliConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Undefined when only grantless operations can be called. */
  readonly refreshToken: string | undefined;
  readonly credentials: CredentialOrigin;
  /** One base URL (scheme, host, port) for LWA and SP-API, or undefined for Amazon's hosts. */
  readonly endpoint: string | undefined;
  /** @default 'na' */
  readonly region: Region;
  /** @default false */
  readonly sandbox: boolean;
}
