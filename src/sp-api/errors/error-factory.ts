import type { OperationSpec } from '../../amazon/operation-spec.js';
import { endpointForRegion, REGIONS, type Region } from '../../amazon/regions.js';
import { hostOf } from '../host-of.js';
import { type Redactor, redactText, redactValue, withoutUserinfo } from '../redact.js';
import { isRetryable } from '../retry/is-retryable.js';
import type { ErrorKind } from './csm-api-error.js';
import { diagnose } from './diagnose.js';
import type { Diagnosis } from './diagnosis.js';
import { DIAGNOSIS_KINDS, type UsageCode } from './diagnosis-codes.js';
import { LwaError } from './lwa-error.js';
import { classifyNetworkFailure } from './network-error-code.js';
import { SpApiError, type SpApiErrorEntry } from './sp-api-error.js';
import { SpApiUsageError } from './usage-error.js';

/**
 * The one place where failures become errors: every `SpApiError`, `LwaError` and `SpApiUsageError` the
 * client throws is built here, so each carries its kind, the retry verdict of `isRetryable`, a diagnosis
 * from the catalogue, and only redacted text.
 */

type Op = Pick<OperationSpec, 'key' | 'method'>;

/** How the factory redacts: a client's {@link Redactor} (its secrets by value, then the patterns). */
type Redaction = Pick<Redactor, 'text' | 'value'>;

/** The patterns only, for errors built without a client (`diagnose` tests, the usage errors of options). */
const PATTERNS: Redaction = { text: redactText, value: (value) => redactValue(value) };

/** The kind of an SP-API failure: the diagnosis's when there is one, else what the status says. */
function spApiKind(status: number, diagnosis: Diagnosis | undefined): ErrorKind {
  if (diagnosis) return DIAGNOSIS_KINDS[diagnosis.code];
  if (status === 0) return 'network';
  if (status < 400) return 'invalid-response';
  if (status === 401) return 'auth';
  if (status === 403) return 'role';
  if (status === 404) return 'not-found';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  return 'invalid-input';
}

/** The kind of an LWA failure: every refusal of the token endpoint is about the credentials. */
function lwaKind(status: number, diagnosis: Diagnosis | undefined): ErrorKind {
  if (diagnosis) return DIAGNOSIS_KINDS[diagnosis.code];
  if (status === 0) return 'network';
  if (status < 400) return 'invalid-response';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  return 'auth';
}

/** The SP-API request an error answers, as far as diagnoses look at it. */
export interface SentRequest {
  url: string;
  body?: string | undefined;
}

/** An SP-API error response (any status that is not the operation's success). */
export function spApiErrorFromResponse(input: {
  operation: Op;
  status: number;
  headers: Record<string, string>;
  body: string;
  sandbox?: boolean;
  request?: SentRequest;
  redact?: Redaction;
}): SpApiError {
  const redact = input.redact ?? PATTERNS;
  const errors = parseErrors(input.body, redact);
  const first = errors[0];
  const code = first?.code ?? `Http${input.status}`;
  const amazonMessage = first?.message ?? `HTTP ${input.status}`;
  const details = first?.details || undefined;
  const diagnosis = diagnose({
    source: 'sp-api',
    status: input.status,
    code,
    message: amazonMessage,
    details,
    operation: input.operation.key,
    sandbox: input.sandbox,
    hostRegion: input.request && hostRegion(input.request.url),
    marketplaceIds: input.request && marketplaceIdsOf(input.request),
  });
  const requestId = input.headers['x-amzn-requestid'];
  return new SpApiError({
    kind: spApiKind(input.status, diagnosis),
    operation: input.operation.key,
    status: input.status,
    code,
    amazonMessage,
    details,
    errors,
    requestId: requestId === undefined ? undefined : redact.text(requestId),
    retryable: isRetryable(input.operation, { kind: 'http', status: input.status, code }),
    diagnosis,
    headers: redactHeaders(input.headers, redact),
  });
}

/** The transport rejected: no complete response (status 0, code `NetworkError`). */
export function spApiNetworkError(operation: Op, error: unknown, redact: Redaction = PATTERNS): SpApiError {
  const failure = classifyNetworkFailure(error);
  const amazonMessage = `${failure.errorCode}: ${redact.text(withoutUserinfo(failure.message))}`;
  const diagnosis = diagnose({ source: 'sp-api', status: 0, code: 'NetworkError', operation: operation.key });
  return new SpApiError({
    kind: 'network',
    operation: operation.key,
    status: 0,
    code: 'NetworkError',
    amazonMessage,
    details: undefined,
    errors: [],
    requestId: undefined,
    retryable: isRetryable(operation, {
      kind: 'network',
      errorCode: failure.errorCode,
      reachedServer: failure.reachedServer,
    }),
    diagnosis,
    cause: sanitisedCause(error, failure.errorCode, redact),
  });
}

/**
 * A 3xx. The client never follows a redirect: the request would carry the access token (or, for LWA, the
 * client secret and refresh token) to whatever host `Location` names.
 */
export function spApiRedirect(input: {
  operation: Op;
  status: number;
  headers: Record<string, string>;
  url: string;
  redact?: Redaction;
}): SpApiError {
  const redact = input.redact ?? PATTERNS;
  const to = locationHost(input.headers.location, input.url);
  const from = hostOf(input.url);
  return new SpApiError({
    kind: 'invalid-response',
    operation: input.operation.key,
    status: input.status,
    code: 'Redirect',
    amazonMessage: redact.text(`${from} redirected to ${to}; not followed`),
    details: undefined,
    errors: [],
    requestId: undefined,
    retryable: false,
    diagnosis: {
      code: 'REDIRECT_REFUSED',
      cause: redact.text(
        `${from} answered ${input.status} with a redirect to ${to}. Amazon's SP-API hosts do not redirect: a proxy in between, or an endpoint that is not the SP-API host (or the emulator).`,
      ),
      fix: redact.text(
        `Nothing was sent to ${to}: the client never follows redirects. Point endpoint (or region) at the SP-API host itself, or have the proxy pass requests through.`,
      ),
    },
    headers: redactHeaders(input.headers, redact),
  });
}

/** The attempt got no answer in time, or the call's deadline passed: no complete response. */
export function spApiTimeout(input: {
  operation: Op;
  url: string;
  which: 'attempt' | 'call';
  afterMs: number;
}): SpApiError {
  const host = hostOf(input.url);
  const seconds = formatSeconds(input.afterMs);
  const attempt = input.which === 'attempt';
  return new SpApiError({
    kind: 'network',
    operation: input.operation.key,
    status: 0,
    code: 'NetworkError',
    amazonMessage: attempt
      ? `ETIMEDOUT: no answer from ${host} within the attempt timeout of ${seconds}`
      : `ETIMEDOUT: the call deadline of ${seconds} passed before a complete answer from ${host}`,
    details: undefined,
    errors: [],
    requestId: undefined,
    // The request may have reached the server: a write is not sent twice.
    retryable:
      attempt &&
      isRetryable(input.operation, { kind: 'network', errorCode: 'ETIMEDOUT', reachedServer: true }),
    diagnosis: attempt
      ? {
          code: 'ATTEMPT_TIMEOUT',
          cause: `${host} accepted the request but sent no complete answer within ${seconds}: the host is overloaded, a proxy holds the connection, or the endpoint is not an SP-API host.`,
          fix: 'Reads are retried automatically; check the endpoint and any proxy; raise attemptTimeoutMs only for a host known to be slow.',
        }
      : {
          code: 'CALL_DEADLINE',
          cause: `The call spent ${seconds} (its deadline, waits for the rate limit not counted) on attempts and retries without a complete answer from ${host}.`,
          fix: 'Check the endpoint, the network and any proxy; raise callTimeoutMs (csm api --timeout) for a host known to be slow.',
        },
  });
}

/** A success status whose body is not JSON (cut off or garbled): code `InvalidResponse`. */
export function spApiInvalidResponse(
  operation: Op,
  status: number,
  headers: Record<string, string>,
  redact: Redaction = PATTERNS,
): SpApiError {
  const requestId = headers['x-amzn-requestid'];
  return new SpApiError({
    kind: 'invalid-response',
    operation: operation.key,
    status,
    code: 'InvalidResponse',
    amazonMessage: 'The response body is not valid JSON (cut off or garbled).',
    details: undefined,
    errors: [],
    requestId: requestId === undefined ? undefined : redact.text(requestId),
    retryable: isRetryable(operation, { kind: 'invalid-response', status }),
    diagnosis: {
      code: 'INVALID_RESPONSE',
      cause: 'The connection dropped while the body was read, or a proxy altered the response.',
      fix: 'Reads are retried automatically; for a write, check whether it was applied before sending it again.',
    },
    headers: redactHeaders(headers, redact),
  });
}

/** A createRestrictedDataToken success without a `restrictedDataToken` in it. */
export function rdtWithoutToken(operation: Op, status: number): SpApiError {
  return new SpApiError({
    kind: 'invalid-response',
    operation: operation.key,
    status,
    code: 'InvalidResponse',
    amazonMessage: 'The answer has no restrictedDataToken.',
    details: undefined,
    errors: [],
    requestId: undefined,
    retryable: false,
    diagnosis: {
      code: 'INVALID_RESPONSE',
      cause:
        'createRestrictedDataToken answered with success but without a token: a proxy altered the answer, or the endpoint is not an SP-API host.',
      fix: 'Check the endpoint and any proxy; call again.',
    },
  });
}

/** Cause and fix of each of the client's own refusals; the message says what exactly was refused. */
const USAGE: Readonly<Record<UsageCode, { cause: string; fix: string }>> = {
  INVALID_OPTION: {
    cause: 'An option of createSpApiClient is missing or cannot work.',
    fix: 'Correct the option named in the message (docs/sp-api-client.md lists every option and its default).',
  },
  UNKNOWN_OPERATION: {
    cause: 'No model in models/sp-api declares an operation with this key.',
    fix: 'Use a key of OPERATIONS (`csm api --list` prints them): the operationId, with @version where two APIs share it.',
  },
  MISSING_PATH_PARAMETER: {
    cause: 'The request could not be built: a required path parameter is missing.',
    fix: 'Pass every path parameter of the operation (see the operation table).',
  },
  MISSING_REFRESH_TOKEN: {
    cause: 'This operation needs a seller or vendor authorization, and the client has no refresh token.',
    fix: 'Pass refreshToken (self-authorize the app in Seller Central, or run the OAuth flow); without one only grantless operations work.',
  },
  NO_GRANTLESS_SCOPE: {
    cause: 'The operation is grantless, but no LWA scope is known for its API.',
    fix: 'Add the scope of the API to src/amazon/grantless-scopes.ts.',
  },
  NOT_PAGINATED: {
    cause: 'paginate() was called for an operation that does not page.',
    fix: 'Use call() for this operation.',
  },
  PAGINATION_LOOP: {
    cause: 'Amazon returned a next token it had already returned, so following it would never end.',
    fix: 'Restart the listing from its filter (e.g. a lastUpdatedAfter watermark); report the request ids if it repeats.',
  },
  INVALID_ARGUMENT: {
    cause: 'An argument of a helper (submitFeed, requestReport, …) is missing or cannot work.',
    fix: 'Correct the argument named in the message (docs/sp-api-client.md, "Feeds and reports").',
  },
};

/** A call or client the client refuses (kind `usage`); never retried. */
export function spApiUsageError(code: UsageCode, message: string, operation?: Op): SpApiUsageError {
  return new SpApiUsageError({
    code,
    message: redactText(withoutUserinfo(message)),
    ...USAGE[code],
    ...(operation ? { operation: operation.key } : {}),
  });
}

/** An LWA token endpoint error response. */
export function lwaErrorFromResponse(input: {
  grantType: string;
  status: number;
  headers: Record<string, string>;
  body: string;
  redact?: Redaction;
}): LwaError {
  const redact = input.redact ?? PATTERNS;
  const parsed = parseJsonObject(input.body);
  const error = typeof parsed?.error === 'string' ? redact.text(parsed.error) : `http_${input.status}`;
  const description =
    typeof parsed?.error_description === 'string' ? redact.text(parsed.error_description) : undefined;
  const rawRequestId =
    (typeof parsed?.request_id === 'string' ? parsed.request_id : undefined) ??
    input.headers['x-amzn-requestid'];
  const requestId = rawRequestId === undefined ? undefined : redact.text(rawRequestId);
  const diagnosis = diagnose({ source: 'lwa', status: input.status, error, errorDescription: description });
  return new LwaError({
    kind: lwaKind(input.status, diagnosis),
    status: input.status,
    error,
    errorDescription: description,
    grantType: input.grantType,
    requestId,
    retryable: isRetryable({ key: 'lwa', method: 'POST' }, { kind: 'lwa', status: input.status, error }),
    diagnosis,
  });
}

/** The LWA token request got no usable response (status 0), or a success without an access token. */
export function lwaNetworkError(grantType: string, error: unknown, redact: Redaction = PATTERNS): LwaError {
  const failure = classifyNetworkFailure(error);
  return new LwaError({
    kind: 'network',
    status: 0,
    error: 'network_error',
    errorDescription: `${failure.errorCode}: ${redact.text(withoutUserinfo(failure.message))}`,
    grantType,
    requestId: undefined,
    retryable: isRetryable({ key: 'lwa', method: 'POST' }, { kind: 'lwa', status: 0 }),
    diagnosis: diagnose({ source: 'lwa', status: 0 }),
    cause: sanitisedCause(error, failure.errorCode, redact),
  });
}

/** A 3xx from the token endpoint: never followed, since it would re-post the client secret elsewhere. */
export function lwaRedirect(input: {
  grantType: string;
  status: number;
  headers: Record<string, string>;
  url: string;
  redact?: Redaction;
}): LwaError {
  const redact = input.redact ?? PATTERNS;
  const to = locationHost(input.headers.location, input.url);
  const from = hostOf(input.url);
  return new LwaError({
    kind: 'invalid-response',
    status: input.status,
    error: 'redirect',
    errorDescription: redact.text(`${from} redirected to ${to}; not followed`),
    grantType: input.grantType,
    requestId: undefined,
    retryable: false,
    diagnosis: {
      code: 'REDIRECT_REFUSED',
      cause: redact.text(
        `The LWA endpoint ${from} answered ${input.status} with a redirect to ${to}. Login with Amazon's token endpoint does not redirect: a proxy in between, or lwaEndpoint is not https://api.amazon.com/auth/o2/token (or the emulator's /auth/o2/token).`,
      ),
      fix: redact.text(
        `Nothing was sent to ${to}: the client never follows redirects, so the client secret and refresh token stayed with ${from}. Correct lwaEndpoint, or have the proxy pass requests through.`,
      ),
    },
  });
}

/** The token endpoint accepted the request but sent no complete answer in time. */
export function lwaTimeout(grantType: string, url: string, afterMs: number): LwaError {
  const host = hostOf(url);
  const seconds = formatSeconds(afterMs);
  return new LwaError({
    kind: 'network',
    status: 0,
    error: 'network_error',
    errorDescription: `ETIMEDOUT: no answer from ${host} within ${seconds}`,
    grantType,
    requestId: undefined,
    retryable: isRetryable({ key: 'lwa', method: 'POST' }, { kind: 'lwa', status: 0 }),
    diagnosis: {
      code: 'ATTEMPT_TIMEOUT',
      cause: `The LWA endpoint ${host} sent no complete answer within ${seconds}: overloaded, a proxy holding the connection, or not an LWA endpoint.`,
      fix: 'The client retries; check lwaEndpoint, the network and any proxy.',
    },
  });
}

/** An LWA success response without a usable access token. */
export function lwaInvalidResponse(grantType: string, status: number): LwaError {
  return new LwaError({
    kind: 'invalid-response',
    status,
    error: 'invalid_response',
    errorDescription: 'The token response has no access_token.',
    grantType,
    requestId: undefined,
    // Treated like a garbled response: asking again is harmless.
    retryable: true,
    diagnosis: {
      code: 'LWA_INVALID_RESPONSE',
      cause: 'The LWA endpoint answered without an access token (a proxy, or not an LWA endpoint).',
      fix: 'Check lwaEndpoint.',
    },
  });
}

/** The host a `Location` header points at (relative ones resolve against the request), never its path. */
function locationHost(location: string | undefined, base: string): string {
  if (!location) return '(no Location header)';
  try {
    return new URL(location, base).host || '(no host)';
  } catch {
    return '(an unreadable Location)';
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The region whose Amazon host (production or sandbox) the URL points at, if any. */
function hostRegion(url: string): Region | undefined {
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    return undefined;
  }
  return REGIONS.find(
    (region) =>
      new URL(endpointForRegion(region)).host === host ||
      new URL(endpointForRegion(region, true)).host === host,
  );
}

/** Marketplace ids a request names in its query (`MarketplaceIds`, `marketplaceIds`) or JSON body. */
function marketplaceIdsOf(request: SentRequest): string[] {
  const ids: string[] = [];
  try {
    for (const [name, value] of new URL(request.url).searchParams) {
      if (/^marketplaceids?$/i.test(name)) ids.push(...value.split(','));
    }
  } catch {
    // not a URL: no ids
  }
  const body = request.body === undefined ? undefined : parseJsonObject(request.body);
  for (const [name, value] of Object.entries(body ?? {})) {
    if (!/^marketplaceids?$/i.test(name)) continue;
    for (const id of Array.isArray(value) ? value : [value]) if (typeof id === 'string') ids.push(id);
  }
  return ids;
}

function parseErrors(body: string, redact: Redaction): SpApiErrorEntry[] {
  const parsed = parseJsonObject(body);
  const list = parsed?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    .map((entry) => {
      const redacted = redact.value(entry) as Record<string, unknown>;
      const out: SpApiErrorEntry = {
        ...redacted,
        code: typeof redacted.code === 'string' ? redacted.code : String(redacted.code ?? 'Unknown'),
        message: typeof redacted.message === 'string' ? redacted.message : '',
      };
      if (typeof redacted.details === 'string') out.details = redacted.details;
      else delete out.details;
      return out;
    });
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// The transport's error may carry anything its author put there; keep only a redacted message and code.
function sanitisedCause(error: unknown, code: string, redact: Redaction): Error {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(redact.text(withoutUserinfo(message))), { code });
}

// Kept on SpApiError (not enumerable) for the rate-limit header; a hostile server could echo a secret there.
function redactHeaders(headers: Record<string, string>, redact: Redaction): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, redact.text(value)]));
}
