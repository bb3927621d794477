import { randomBytes } from 'node:crypto';
import { type Region, SELLER_CENTRAL, VENDOR_CENTRAL } from '../amazon/index.js';

export interface ConsentUrlOptions {
  /** The app's id (`amzn1.sellerapps.app.…`), not the LWA client id. */
  applicationId: string;
  region: Region;
  /** A vendor app: Vendor Central's consent page instead of Seller Central's. */
  vendor?: boolean;
  /** An app still in Draft status: Amazon answers MD1000 without `version=beta`. */
  draft?: boolean;
  /** Must be one of the app's registered OAuth redirect URIs (MD5101 otherwise) and have no fragment (MD5110). */
  redirectUri: string;
  state: string;
  /** Another host serving `/apps/authorize/consent` (the emulator). @default Seller or Vendor Central of the region */
  baseUrl?: string;
}

/** A fresh, unguessable `state`: 32 random bytes, base64url. */
export function newOAuthState(): string {
  return randomBytes(32).toString('base64url');
}

/** Amazon's website authorization URI: `{central}/apps/authorize/consent?application_id=…&state=…`. */
export function consentUrl(options: ConsentUrlOptions): URL {
  const base = options.baseUrl ?? (options.vendor ? VENDOR_CENTRAL : SELLER_CENTRAL)[options.region];
  const url = new URL('/apps/authorize/consent', base);
  url.searchParams.set('application_id', options.applicationId);
  url.searchParams.set('state', options.state);
  url.searchParams.set('redirect_uri', options.redirectUri);
  if (options.draft) url.searchParams.set('version', 'beta');
  return url;
}
