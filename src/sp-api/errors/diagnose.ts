import type { Diagnosis } from './diagnosis.js';

/** What {@link diagnose} looks at: an SP-API error response, a network failure, or an LWA error. */
export type DiagnoseInput =
  | {
      source: 'sp-api';
      status: number;
      code?: string | undefined;
      message?: string | undefined;
      details?: string | undefined;
      operation?: string | undefined;
      sandbox?: boolean | undefined;
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
  match: (input: I, text: string) => boolean;
  diagnosis: (input: I) => Diagnosis;
}

const ACCESS_DENIED = /access to requested resource is denied/i;

/**
 * SP-API gateway rows of setup-errors.md §7 (plus the network and pagination cases the client meets), most
 * specific first: the first match wins.
 */
const SP_API: ReadonlyArray<Entry<SpApiInput>> = [
  {
    match: (i) => i.status === 0 && i.code === 'NetworkError',
    diagnosis: () => ({
      cause: 'No complete response from the SP-API host: the connection was refused, reset or timed out.',
      fix: 'Check the endpoint (region or --endpoint), the network and any proxy; the client already retried what was safe to retry.',
    }),
  },
  {
    match: (i) => i.status === 0 && i.code === 'MissingCredentials',
    diagnosis: () => ({
      cause: 'This operation needs a seller or vendor authorization, and the client has no refresh token.',
      fix: 'Pass refreshToken (self-authorize the app in Seller Central, or run the OAuth flow); without one only grantless operations work.',
    }),
  },
  {
    match: (i) => i.status === 0 && i.code === 'InvalidRequest',
    diagnosis: () => ({
      cause: 'The request could not be built: a required path parameter is missing.',
      fix: 'Pass every path parameter of the operation (see the operation table).',
    }),
  },
  {
    match: (i, text) => i.status === 403 && /access token.*expired/i.test(text),
    diagnosis: () => ({
      cause:
        'The access token is more than an hour old (not refreshed in time, or the machine clock is off).',
      fix: 'The client refreshes the token and retries once by itself; if this persists, check the system clock (NTP).',
    }),
  },
  {
    match: (i, text) => i.status === 403 && /revoked, malformed or invalid/i.test(text),
    diagnosis: () => ({
      cause:
        'The token sent is not a valid access token: truncated or garbled, a refresh token sent as access token, a token of another application, or an expired or revoked Restricted Data Token.',
      fix: 'Check that the refresh token and client id belong to the same application and are copied whole (Atzr|... contains "|"); let the client fetch tokens rather than passing them in.',
    }),
  },
  {
    match: (i, text) => i.status === 403 && /access token is missing/i.test(text),
    diagnosis: () => ({
      cause: 'The request carried no x-amz-access-token header.',
      fix: 'Send the LWA access token (or RDT) in x-amz-access-token; with this client, check that no transport or proxy strips the header.',
    }),
  },
  {
    match: (i, text) => /LWA secret token you provided has expired/i.test(text) && i.status === 403,
    diagnosis: () => lwaSecretExpired,
  },
  {
    match: (i) => i.status === 403 && i.code === 'MissingAuthenticationToken',
    diagnosis: () => ({
      cause:
        'The gateway found no route or no token: a typo in the path or API version, the wrong host (e.g. an LWA token request sent to the SP-API host, or a sandbox host for a production-only path), or a missing x-amz-access-token.',
      fix: 'Check the endpoint and the operation path; call SP-API on https://sellingpartnerapi-{na|eu|fe}.amazon.com and LWA on https://api.amazon.com/auth/o2/token.',
    }),
  },
  {
    match: (i, text) =>
      i.status === 403 && /InvalidSignature|signature we calculated does not match/i.test(text),
    diagnosis: () => ({
      cause:
        'A SigV4 signature error. SP-API stopped checking signatures on 2023-10-02, so an old client or proxy is still signing (wrongly); for a presigned document URL, the Content-Type differs from the one given to createFeedDocument.',
      fix: 'Stop signing SP-API requests (only x-amz-access-token is needed); upload feed documents with exactly the Content-Type passed to createFeedDocument.',
    }),
  },
  {
    match: (i, text) =>
      i.status === 403 && /security token included in the request is (invalid|expired)/i.test(text),
    diagnosis: () => ({
      cause: 'Legacy AWS STS credentials expired; SP-API no longer needs IAM or STS since October 2023.',
      fix: 'Remove the AWS IAM/STS configuration and call SP-API with the LWA token only.',
    }),
  },
  {
    match: (i, text) => i.status === 403 && (i.code === 'Unauthorized' || ACCESS_DENIED.test(text)),
    diagnosis: (i) => ({
      cause: [
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
    }),
  },
  {
    match: (i, text) =>
      i.status === 400 && /does not have access to (one or more|some or all) requested/i.test(text),
    diagnosis: () => ({
      cause:
        'The application lacks the restricted (PII) role for the requested data elements: Direct-to-Consumer Shipping (Restricted) for shippingAddress, Tax Invoicing or Tax Remittance (Restricted) for buyerInfo and buyerTaxInformation; or the role was approved but the app was not updated or the seller did not re-authorize.',
      fix: 'Request the restricted role for the app (Developer Profile), have the seller re-authorize, or narrow the data elements (restrictedDataTokens: { dataElements: [...] }); the Orders 2026-01-01 API needs no RDT.',
    }),
  },
  {
    match: (i, text) => i.status === 400 && /could not match input arguments/i.test(text),
    diagnosis: () => ({
      cause:
        'The static sandbox only answers requests whose parameters exactly match an x-amzn-api-sandbox example of the model.',
      fix: 'Use the example parameter values from the model (e.g. CreatedAfter=TEST_CASE_200, MarketplaceIds=ATVPDKIKX0DER), or test against the csm emulator.',
    }),
  },
  {
    match: (i, text) => i.status === 400 && /not enrolled for rotation notification/i.test(text),
    diagnosis: () => ({
      cause:
        'The application rotated its client secret programmatically without a registered SQS destination for rotation notifications.',
      fix: 'Register the notification destination in the Developer Console (application notification preferences) before rotating.',
    }),
  },
  {
    match: (i, text) =>
      i.status === 400 &&
      i.operation !== 'createRestrictedDataToken' &&
      /(next|pagination)\s*token|token.*(expired|invalid)/i.test(text),
    diagnosis: () => ({
      cause: 'The pagination token expired or is not valid (Orders 2026-01-01 tokens last 24 hours).',
      fix: 'Restart the listing from its filter (e.g. lastUpdatedAfter watermark) without the token.',
    }),
  },
  {
    match: (i) => i.status === 400 && i.operation === 'createRestrictedDataToken',
    diagnosis: () => ({
      cause:
        'Malformed restrictedResources: a path that is not restricted, bad path syntax, more than 50 resources, or dataElements on an operation that does not take them.',
      fix: 'Use the generic or specific path of a restricted operation and dataElements only for getOrder, getOrders and getOrderItems.',
    }),
  },
  {
    match: (i) => i.status === 429,
    diagnosis: () => ({
      cause:
        'The token bucket for this seller and operation is empty: calls too fast, or several workers sharing one seller without sharing a rate limiter.',
      fix: 'The client paces and retries by itself; if 429s persist, share one rateLimitStore between every process that calls for this seller.',
    }),
  },
  {
    match: (i) => i.status === 500,
    diagnosis: (i) => ({
      cause: i.sandbox
        ? 'In the sandbox, usually parameters that match no static example; otherwise a transient Amazon failure.'
        : 'A transient failure at Amazon.',
      fix: i.sandbox
        ? 'Use the sandbox example values from the model.'
        : 'Retry later; reads are retried automatically, writes are not (check whether it was applied first).',
    }),
  },
  {
    match: (i) => i.status === 502 || i.status === 503 || i.status === 504,
    diagnosis: () => ({
      cause: 'Amazon is overloaded or in maintenance.',
      fix: 'Retry later; reads are retried automatically, writes are not (check whether it was applied first).',
    }),
  },
  {
    match: (i) => i.status === 404,
    diagnosis: () => ({
      cause: 'No such resource: a wrong id, an id of another seller or region, or a wrong path.',
      fix: 'Check the id and that the endpoint region matches the marketplace of the resource.',
    }),
  },
  {
    match: (i) => i.status === 401,
    diagnosis: () => ({
      cause: 'The request was not authenticated (an unusable access token).',
      fix: 'Check the LWA credentials and the refresh token of this seller.',
    }),
  },
];

const lwaSecretExpired: Diagnosis = {
  cause:
    'The LWA client secret expired (secrets must be rotated every 180 days), or a new secret has not propagated yet.',
  fix: 'Rotate the client secret in the Developer Console / Solution Provider Portal and configure the new one; the old secret stays valid only 7 days after rotation.',
};

/** LWA token endpoint rows of setup-errors.md §7. */
const LWA: ReadonlyArray<Entry<LwaInput>> = [
  {
    match: (i) => i.status === 0,
    diagnosis: () => ({
      cause: 'No complete response from the LWA token endpoint.',
      fix: 'Check lwaEndpoint, the network and any proxy.',
    }),
  },
  {
    match: (_i, text) => /LWA secret token you provided has expired/i.test(text),
    diagnosis: () => lwaSecretExpired,
  },
  {
    match: (i) => i.error === 'invalid_client',
    diagnosis: () => ({
      cause:
        'Client authentication failed: a wrong or mistyped client id or secret (whitespace, a partly copied amzn1.oa2-cs.v1... secret), a secret that expired (180-day rotation; the old one lasts only 7 days after rotating), or the credentials of another (hybrid vs SP-API) application.',
      fix: 'Copy the LWA client id and the current client secret again from the app in Developer Central / Solution Provider Portal; rotate the secret if it is older than 180 days.',
    }),
  },
  {
    match: (i, text) => i.error === 'invalid_grant' && /\bcode\b/i.test(text) && !/refresh_token/i.test(text),
    diagnosis: () => ({
      cause:
        'The authorization code (spapi_oauth_code) is older than 5 minutes, was already used, or the redirect_uri differs from the one used at consent.',
      fix: 'Restart the authorization flow and exchange the new code at once with the same redirect_uri.',
    }),
  },
  {
    match: (i) => i.error === 'invalid_grant',
    diagnosis: () => ({
      cause:
        'The refresh token is not valid for this app: the seller revoked or re-authorized the app (a new token replaced it), it belongs to another client id, or it was truncated or URL-mangled (Atzr|... contains "|").',
      fix: 'Have the seller authorize the app again (or self-authorize in Seller Central) and store the new refresh token whole.',
    }),
  },
  {
    match: (i) => i.error === 'unauthorized_client',
    diagnosis: () => ({
      cause:
        "The refresh token was minted for a different LWA client (the app was re-created, or another app's token is used), or the app may not use this grantless scope.",
      fix: "Use the refresh token issued to this client id (re-authorize), and check the app's grantless permissions.",
    }),
  },
  {
    match: (i) => i.error === 'invalid_scope',
    diagnosis: () => ({
      cause:
        'A wrong grantless scope string (e.g. sellingpartnerapi::notification), or a scope sent with a refresh_token grant.',
      fix: 'Use sellingpartnerapi::notifications or sellingpartnerapi::client_credential:rotation with client_credentials only.',
    }),
  },
  {
    match: (i) => i.error === 'unsupported_grant_type',
    diagnosis: () => ({
      cause:
        'A wrong grant_type (e.g. "grantless" instead of client_credentials) or a malformed request body.',
      fix: 'Use grant_type refresh_token, client_credentials or authorization_code, form-encoded.',
    }),
  },
  {
    match: (i) => i.error === 'invalid_request',
    diagnosis: () => ({
      cause: 'The token request is malformed (a missing or repeated parameter).',
      fix: 'Check that client id, client secret and refresh token are all set and non-empty.',
    }),
  },
  {
    match: (i) => i.error === 'access_denied',
    diagnosis: () => ({
      cause: 'The seller or Amazon denied the authorization.',
      fix: 'Have the seller authorize the app again.',
    }),
  },
  {
    match: (i) =>
      i.status === 429 ||
      i.status >= 500 ||
      i.error === 'server_error' ||
      i.error === 'temporarily_unavailable',
    diagnosis: () => ({
      cause: 'Login with Amazon is failing or overloaded.',
      fix: 'Retry later; the client already retried.',
    }),
  },
];

/** Looks up the cause and the fix of an error in the catalogue; `undefined` when nothing matches. */
export function diagnose(input: DiagnoseInput): Diagnosis | undefined {
  if (input.source === 'lwa') {
    const text = `${input.error ?? ''} ${input.errorDescription ?? ''}`;
    return LWA.find((entry) => entry.match(input, text))?.diagnosis(input);
  }
  const text = `${input.code ?? ''} ${input.message ?? ''} ${input.details ?? ''}`;
  return SP_API.find((entry) => entry.match(input, text))?.diagnosis(input);
}
