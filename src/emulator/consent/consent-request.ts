import { isRegisteredRedirectUri, type OAuthAppSettings } from './oauth-app.js';

/** What a consent URI (`/apps/authorize/consent?…`) or its form carries. */
export interface ConsentParams {
  applicationId: string | undefined;
  state: string | undefined;
  redirectUri: string | undefined;
  version: string | undefined;
}

/**
 * A consent page error. The MD codes are Amazon's (developer-docs "Authorization errors"); the others are
 * the emulator's own, for cases Amazon documents no code for.
 */
export interface ConsentError {
  code: 'MD1000' | 'MD5101' | 'MD5110' | 'UnknownApplication' | 'UnknownSeller';
  /** What the page says, after Amazon's documentation of the code. */
  message: string;
}

/** A consent that may go ahead: the redirect URI the seller will be sent to. */
export interface ConsentGrant {
  redirectUri: string;
}

export const CONSENT_MESSAGES: Readonly<Record<ConsentError['code'], string>> = {
  MD1000:
    'The OAuth production workflow is authorizing an application that is in Draft state. Add version=beta to the authorization URI; remove it once the application is published.',
  MD5101:
    "The redirect URI provided doesn't match one of the OAuth redirect URIs registered for the application.",
  MD5110: 'The redirect URI contains a fragment (#), which OAuth redirect URIs must not have.',
  UnknownApplication: 'No application has this application_id.',
  UnknownSeller: 'No selling account has this seller_id.',
};

const error = (code: ConsentError['code']): ConsentError => ({ code, message: CONSENT_MESSAGES[code] });

/**
 * Checks a consent against the app, in this order: the application exists, a Draft app has
 * `version=beta` (MD1000), the redirect URI has no fragment (MD5110) and is registered (MD5101). Without a
 * `redirect_uri` Amazon uses the app's first registered one, which a `*` pattern cannot be.
 */
export function checkConsent(
  params: ConsentParams,
  applicationId: string,
  app: OAuthAppSettings,
): ConsentGrant | ConsentError {
  if (params.applicationId !== applicationId) return error('UnknownApplication');
  if (app.draft && params.version !== 'beta') return error('MD1000');
  const redirectUri = params.redirectUri ?? app.redirectUris[0];
  if (redirectUri === undefined) return error('MD5101');
  if (redirectUri.includes('#')) return error('MD5110');
  if (params.redirectUri === undefined && redirectUri.includes(':*')) return error('MD5101');
  if (!isRegisteredRedirectUri(app.redirectUris, redirectUri)) return error('MD5101');
  return { redirectUri };
}

export const isConsentError = (result: ConsentGrant | ConsentError): result is ConsentError =>
  'code' in result;
