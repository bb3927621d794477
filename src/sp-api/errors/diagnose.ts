import { regionOfMarketplace } from '../../amazon/marketplaces.js';
import type { Region } from '../../amazon/regions.js';
import type { Diagnosis } from './diagnosis.js';
import type { DiagnosisCode } from './diagnosis-codes.js';

/** What {@link diagnose} looks at: an SP-API error response or network failure, or an LWA error. */
export type DiagnoseInput =
  | {
      source: 'sp-api';
      status: number;
      code?: string | undefined;
      message?: string | undefined;
      details?: string | undefined;
      operation?: string | undefined;
      sandbox?: boolean | undefined;
      /** Region of the Amazon host the request went to (undefined for another host, such as the emulator). */
      hostRegion?: Region | undefined;
      /** Marketplace ids the request named, to tell a region mismatch from a missing role. */
      marketplaceIds?: readonly string[] | undefined;
    }
  | {
      source: 'lwa';
      status: number;
      error?: string | undefined;
      errorDescription?: string | undefined;
      grantType?: string | undefined;
    };

type SpApiInput = Extract<DiagnoseInput, { source: 'sp-api' }>;
type LwaInput = Extract<DiagnoseInput, { source: 'lwa' }>;

interface Entry<I> {
  code: DiagnosisCode;
  match: (input: I, text: string) => boolean;
  cause: string | ((input: I) => string);
  fix: string | ((input: I) => string);
}

const ACCESS_DENIED = /access to requested resource is denied/i;

/** The first marketplace the request named that the host's region does not serve. */
function foreignMarketplace(input: SpApiInput): { id: string; region: Region } | undefined {
  if (!input.hostRegion) return undefined;
  for (const id of input.marketplaceIds ?? []) {
    const region = regionOfMarketplace(id);
    if (region && region !== input.hostRegion) return { id, region };
  }
  return undefined;
}

const LWA_SECRET_EXPIRED_CAUSE =
  'The LWA client secret expired (secrets must be rotated every 180 days), or a new secret has not propagated yet.';
const LWA_SECRET_EXPIRED_FIX =
  'Rotate the client secret in the Developer Console / Solution Provider Portal and configure the new one; the old secret stays valid only 7 days after rotation.';

/**
 * SP-API gateway rows of the setup-error catalogue (plus the network cases the client meets), most
 * specific first: the first match wins.
 */
const SP_API: ReadonlyArray<Entry<SpApiInput>> = [
  {
    code: 'NETWORK_ERROR',
    match: (i) => i.status === 0 && i.code === 'NetworkError',
    cause: 'No complete response from the SP-API host: the connection was refused, reset or timed out.',
    fix: 'Check the endpoint (region or --endpoint), the network and any proxy; the client already retried what was safe to retry.',
  },
  {
    code: 'TOKEN_EXPIRED',
    match: (i, text) => i.status === 403 && /access token.*expired/i.test(text),
    cause: 'The access token is more than an hour old (not refreshed in time, or the machine clock is off).',
    fix: 'The client refreshes the token and retries once by itself; if this persists, check the system clock (NTP).',
  },
  {
    code: 'TOKEN_INVALID',
    match: (i, text) => i.status === 403 && /revoked, malformed or invalid/i.test(text),
    cause:
      'The token sent is not a valid access token: truncated or garbled, a refresh token sent as access token, a token of another application, or an expired or revoked Restricted Data Token.',
    fix: 'Check that the refresh token and client id belong to the same application and are copied whole (Atzr|... contains "|"); let the client fetch tokens rather than passing them in.',
  },
  {
    code: 'TOKEN_MISSING',
    match: (i, text) => i.status === 403 && /access token is missing/i.test(text),
    cause: 'The request carried no x-amz-access-token header.',
    fix: 'Send the LWA access token (or RDT) in x-amz-access-token; with this client, check that no transport or proxy strips the header.',
  },
  {
    code: 'LWA_SECRET_EXPIRED',
    match: (i, text) => /LWA secret token you provided has expired/i.test(text) && i.status === 403,
    cause: LWA_SECRET_EXPIRED_CAUSE,
    fix: LWA_SECRET_EXPIRED_FIX,
  },
  {
    code: 'WRONG_HOST_OR_PATH',
    match: (i) => i.status === 403 && i.code === 'MissingAuthenticationToken',
    cause:
      'The gateway found no route or no token: a typo in the path or API version, the wrong host (e.g. an LWA token request sent to the SP-API host, or a sandbox host for a production-only path), or a missing x-amz-access-token.',
    fix: 'Check the endpoint and the operation path; call SP-API on https://sellingpartnerapi-{na|eu|fe}.amazon.com and LWA on https://api.amazon.com/auth/o2/token.',
  },
  {
    code: 'SIGNATURE_REJECTED',
    match: (i, text) =>
      i.status === 403 && /InvalidSignature|signature we calculated does not match/i.test(text),
    cause:
      'A SigV4 signature error. SP-API stopped checking signatures on 2023-10-02, so an old client or proxy is still signing (wrongly); for a presigned document URL, the Content-Type differs from the one given to createFeedDocument.',
    fix: 'Stop signing SP-API requests (only x-amz-access-token is needed); upload feed documents with exactly the Content-Type passed to createFeedDocument.',
  },
  {
    code: 'STS_EXPIRED',
    match: (i, text) =>
      i.status === 403 && /security token included in the request is (invalid|expired)/i.test(text),
    cause: 'Legacy AWS STS credentials expired; SP-API no longer needs IAM or STS since October 2023.',
    fix: 'Remove the AWS IAM/STS configuration and call SP-API with the LWA token only.',
  },
  {
    code: 'REGION_MISMATCH',
    match: (i, text) =>
      i.status === 403 &&
      (i.code === 'Unauthorized' || ACCESS_DENIED.test(text)) &&
      foreignMarketplace(i) !== undefined,
    cause: (i) => {
      const foreign = foreignMarketplace(i)!;
      return `The request names marketplace ${foreign.id}, which the ${foreign.region} region serves, but went to the ${i.hostRegion} host: authorizations and tokens are regional, so Amazon denies access.`;
    },
    fix: (i) =>
      `Call the ${foreignMarketplace(i)!.region} host (region: '${foreignMarketplace(i)!.region}', or regionOfMarketplace(id)); a seller selling in several regions authorizes the app once per region.`,
  },
  {
    code: 'ACCESS_DENIED',
    match: (i, text) => i.status === 403 && (i.code === 'Unauthorized' || ACCESS_DENIED.test(text)),
    cause: (i) =>
      [
        i.sandbox ? 'A sandbox call with production-only credentials or the wrong sandbox host, or: ' : '',
        'the application lacks the role this operation needs (e.g. Direct-to-Consumer Shipping for buyer and address data);',
        ' the seller has not authorized the app, or authorized it in another region (token used on the wrong regional host or for a marketplace of another region);',
        ' a Draft application calling production for another seller;',
        ' a role added to the app without the seller re-authorizing;',
        ' a grantless token used for a seller operation (or the reverse);',
        ' a Restricted Data Token issued for another path or method;',
        ' or a suspended or restricted seller account.',
      ].join(''),
    fix: "Check the app's roles in Solution Provider Portal / Developer Central, that the endpoint region matches the seller's marketplaces (MARKETPLACES / regionOfMarketplace), then have the seller re-authorize the app; publish the app or use the beta (version=beta) OAuth flow for a Draft app.",
  },
  {
    code: 'ROLE_MISSING',
    match: (i, text) =>
      i.status === 400 && /does not have access to (one or more|some or all) requested/i.test(text),
    cause:
      'The application lacks the restricted (PII) role for the requested data elements: Direct-to-Consumer Shipping (Restricted) for shippingAddress, Tax Invoicing or Tax Remittance (Restricted) for buyerInfo and buyerTaxInformation; or the role was approved but the app was not updated or the seller did not re-authorize.',
    fix: 'Request the restricted role for the app (Developer Profile), have the seller re-authorize, or narrow the data elements (restrictedDataTokens: { dataElements: [...] }); the Orders 2026-01-01 API needs no RDT.',
  },
  {
    code: 'SANDBOX_NO_MATCH',
    match: (i, text) => i.status === 400 && /could not match input arguments/i.test(text),
    cause:
      'The static sandbox only answers requests whose parameters exactly match an x-amzn-api-sandbox example of the model.',
    fix: 'Use the example parameter values from the model (e.g. CreatedAfter=TEST_CASE_200, MarketplaceIds=ATVPDKIKX0DER), or test against the csm emulator.',
  },
  {
    code: 'ROTATION_NOT_ENROLLED',
    match: (i, text) => i.status === 400 && /not enrolled for rotation notification/i.test(text),
    cause:
      'The application rotated its client secret programmatically without a registered SQS destination for rotation notifications.',
    fix: 'Register the notification destination in the Developer Console (application notification preferences) before rotating.',
  },
  {
    code: 'PAGINATION_TOKEN_EXPIRED',
    match: (i, text) =>
      i.status === 400 &&
      i.operation !== 'createRestrictedDataToken' &&
      /(next|pagination)\s*token|token.*(expired|invalid)/i.test(text),
    cause: 'The pagination token expired or is not valid (Orders 2026-01-01 tokens last 24 hours).',
    fix: 'Restart the listing from its filter (e.g. lastUpdatedAfter watermark) without the token.',
  },
  {
    code: 'RDT_INVALID_RESOURCES',
    match: (i) => i.status === 400 && i.operation === 'createRestrictedDataToken',
    cause:
      'Malformed restrictedResources: a path that is not restricted, bad path syntax, more than 50 resources, or dataElements on an operation that does not take them.',
    fix: 'Use the generic or specific path of a restricted operation and dataElements only for getOrder, getOrders and getOrderItems.',
  },
  {
    code: 'THROTTLED',
    match: (i) => i.status === 429,
    cause:
      'The token bucket for this seller and operation is empty: calls too fast, or several workers sharing one seller without sharing a rate limiter.',
    fix: 'The client paces and retries by itself; if 429s persist, share one rateLimitStore between every process that calls for this seller.',
  },
  {
    code: 'SANDBOX_SERVER_ERROR',
    match: (i) => i.status === 500 && i.sandbox === true,
    cause:
      'In the sandbox, usually parameters that match no static example; otherwise a transient Amazon failure.',
    fix: 'Use the sandbox example values from the model.',
  },
  {
    code: 'SERVER_ERROR',
    match: (i) => i.status === 500,
    cause: 'A transient failure at Amazon.',
    fix: 'Retry later; reads are retried automatically, writes are not (check whether it was applied first).',
  },
  {
    code: 'SERVICE_UNAVAILABLE',
    match: (i) => i.status === 502 || i.status === 503 || i.status === 504,
    cause: 'Amazon is overloaded or in maintenance.',
    fix: 'Retry later; reads are retried automatically, writes are not (check whether it was applied first).',
  },
  {
    code: 'NOT_FOUND',
    match: (i) => i.status === 404,
    cause: 'No such resource: a wrong id, an id of another seller or region, or a wrong path.',
    fix: 'Check the id and that the endpoint region matches the marketplace of the resource.',
  },
  {
    code: 'UNAUTHENTICATED',
    match: (i) => i.status === 401,
    cause: 'The request was not authenticated (an unusable access token).',
    fix: 'Check the LWA credentials and the refresh token of this seller.',
  },
];

/** LWA token endpoint rows of the setup-error catalogue. */
const LWA: ReadonlyArray<Entry<LwaInput>> = [
  {
    code: 'LWA_NETWORK_ERROR',
    match: (i) => i.status === 0,
    cause: 'No complete response from the LWA token endpoint.',
    fix: 'Check lwaEndpoint, the network and any proxy.',
  },
  {
    code: 'LWA_SECRET_EXPIRED',
    match: (_i, text) => /LWA secret token you provided has expired/i.test(text),
    cause: LWA_SECRET_EXPIRED_CAUSE,
    fix: LWA_SECRET_EXPIRED_FIX,
  },
  {
    code: 'LWA_INVALID_CLIENT',
    match: (i) => i.error === 'invalid_client',
    cause:
      'Client authentication failed: a wrong or mistyped client id or secret (whitespace, a partly copied amzn1.oa2-cs.v1... secret), a secret that expired (180-day rotation; the old one lasts only 7 days after rotating), or the credentials of another (hybrid vs SP-API) application.',
    fix: 'Copy the LWA client id and the current client secret again from the app in Developer Central / Solution Provider Portal; rotate the secret if it is older than 180 days.',
  },
  {
    code: 'LWA_INVALID_CODE',
    match: (i, text) => i.error === 'invalid_grant' && /\bcode\b/i.test(text) && !/refresh_token/i.test(text),
    cause:
      'The authorization code (spapi_oauth_code) is older than 5 minutes, was already used, or the redirect_uri differs from the one used at consent.',
    fix: 'Restart the authorization flow and exchange the new code at once with the same redirect_uri.',
  },
  {
    code: 'LWA_INVALID_GRANT',
    match: (i) => i.error === 'invalid_grant',
    cause:
      'The refresh token is not valid for this app: the seller revoked or re-authorized the app (a new token replaced it), it belongs to another client id, or it was truncated or URL-mangled (Atzr|... contains "|").',
    fix: 'Have the seller authorize the app again (or self-authorize in Seller Central) and store the new refresh token whole.',
  },
  {
    code: 'LWA_UNAUTHORIZED_CLIENT',
    match: (i) => i.error === 'unauthorized_client',
    cause:
      "The refresh token was minted for a different LWA client (the app was re-created, or another app's token is used), or the app may not use this grantless scope.",
    fix: "Use the refresh token issued to this client id (re-authorize), and check the app's grantless permissions.",
  },
  {
    code: 'LWA_INVALID_SCOPE',
    match: (i) => i.error === 'invalid_scope',
    cause:
      'A wrong grantless scope string (e.g. sellingpartnerapi::notification), or a scope sent with a refresh_token grant.',
    fix: 'Use sellingpartnerapi::notifications or sellingpartnerapi::client_credential:rotation with client_credentials only.',
  },
  {
    code: 'LWA_UNSUPPORTED_GRANT_TYPE',
    match: (i) => i.error === 'unsupported_grant_type',
    cause: 'A wrong grant_type (e.g. "grantless" instead of client_credentials) or a malformed request body.',
    fix: 'Use grant_type refresh_token, client_credentials or authorization_code, form-encoded.',
  },
  {
    code: 'LWA_INVALID_REQUEST',
    match: (i) => i.error === 'invalid_request',
    cause: 'The token request is malformed (a missing or repeated parameter).',
    fix: 'Check that client id, client secret and refresh token are all set and non-empty.',
  },
  {
    code: 'LWA_ACCESS_DENIED',
    match: (i) => i.error === 'access_denied',
    cause: 'The seller or Amazon denied the authorization.',
    fix: 'Have the seller authorize the app again.',
  },
  {
    code: 'LWA_THROTTLED',
    match: (i) => i.status === 429,
    cause: 'Login with Amazon throttled the token requests (too many in a short time).',
    fix: 'Retry later; the client already retried. Tokens are cached for an hour, so share one client per seller rather than creating one per call.',
  },
  {
    code: 'LWA_UNAVAILABLE',
    match: (i) => i.status >= 500 || i.error === 'server_error' || i.error === 'temporarily_unavailable',
    cause: 'Login with Amazon is failing or overloaded.',
    fix: 'Retry later; the client already retried.',
  },
];

function resolve<I>(entry: Entry<I>, input: I): Diagnosis {
  return {
    code: entry.code,
    cause: typeof entry.cause === 'string' ? entry.cause : entry.cause(input),
    fix: typeof entry.fix === 'string' ? entry.fix : entry.fix(input),
  };
}

/** Looks up the cause and the fix of an error in the catalogue; `undefined` when nothing matches. */
export function diagnose(input: DiagnoseInput): Diagnosis | undefined {
  if (input.source === 'lwa') {
    const text = `${input.error ?? ''} ${input.errorDescription ?? ''}`;
    const entry = LWA.find((e) => e.match(input, text));
    return entry && resolve(entry, input);
  }
  const text = `${input.code ?? ''} ${input.message ?? ''} ${input.details ?? ''}`;
  const entry = SP_API.find((e) => e.match(input, text));
  return entry && resolve(entry, input);
}
