import type { OperationSpec } from '../../amazon/operation-spec.js';
import { endpointForRegion, REGIONS, type Region } from '../../amazon/regions.js';
import { redactText, redactValue } from '../redact.js';
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
}): SpApiError {
  const errors = parseErrors(input.body);
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
  return new SpApiError({
    kind: spApiKind(input.status, diagnosis),
    operation: input.operation.key,
    status: input.status,
    code,
    amazonMessage,
    details,
    errors,
    requestId: input.headers['x-amzn-requestid'],
    retryable: isRetryable(input.operation, { kind: 'http', status: input.status, code }),
    diagnosis,
    headers: input.headers,
  });
}

/** The transport rejected: no complete response (status 0, code `NetworkError`). */
export function spApiNetworkError(operation: Op, error: unknown): SpApiError {
  const failure = classifyNetworkFailure(error);
  const amazonMessage = `${failure.errorCode}: ${redactText(failure.message)}`;
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
    cause: sanitisedCause(error, failure.errorCode),
  });
}

/** A success status whose body is not JSON (cut off or garbled): code `InvalidResponse`. */
export function spApiInvalidResponse(
  operation: Op,
  status: number,
  headers: Record<string, string>,
): SpApiError {
  return new SpApiError({
    kind: 'invalid-response',
    operation: operation.key,
    status,
    code: 'InvalidResponse',
    amazonMessage: 'The response body is not valid JSON (cut off or garbled).',
    details: undefined,
    errors: [],
    requestId: headers['x-amzn-requestid'],
    retryable: isRetryable(operation, { kind: 'invalid-response', status }),
    diagnosis: {
      code: 'INVALID_RESPONSE',
      cause: 'The connection dropped while the body was read, or a proxy altered the response.',
      fix: 'Reads are retried automatically; for a write, check whether it was applied before sending it again.',
    },
    headers,
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
};

/** A call or client the client refuses (kind `usage`); never retried. */
export function spApiUsageError(code: UsageCode, message: string, operation?: Op): SpApiUsageError {
  return new SpApiUsageError({
    code,
    message: redactText(message),
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
}): LwaError {
  const parsed = parseJsonObject(input.body);
  const error = typeof parsed?.error === 'string' ? parsed.error : `http_${input.status}`;
  const description =
    typeof parsed?.error_description === 'string' ? redactText(parsed.error_description) : undefined;
  const requestId =
    (typeof parsed?.request_id === 'string' ? parsed.request_id : undefined) ??
    input.headers['x-amzn-requestid'];
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
export function lwaNetworkError(grantType: string, error: unknown): LwaError {
  const failure = classifyNetworkFailure(error);
  return new LwaError({
    kind: 'network',
    status: 0,
    error: 'network_error',
    errorDescription: `${failure.errorCode}: ${redactText(failure.message)}`,
    grantType,
    requestId: undefined,
    retryable: isRetryable({ key: 'lwa', method: 'POST' }, { kind: 'lwa', status: 0 }),
    diagnosis: diagnose({ source: 'lwa', status: 0 }),
    cause: sanitisedCause(error, failure.errorCode),
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

function parseErrors(body: string): SpApiErrorEntry[] {
  const parsed = parseJsonObject(body);
  const list = parsed?.errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((entry): entry is Record<string, unknown> => typeof entry === 'object' && entry !== null)
    .map((entry) => {
      const redacted = redactValue(entry) as Record<string, unknown>;
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
function sanitisedCause(error: unknown, code: string): Error {
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(redactText(message)), { code });
}
