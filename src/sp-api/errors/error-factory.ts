import type { OperationSpec } from '../../amazon/operation-spec.js';
import { redactText, redactValue } from '../redact.js';
import { isRetryable } from '../retry/is-retryable.js';
import { diagnose } from './diagnose.js';
import { LwaError } from './lwa-error.js';
import { classifyNetworkFailure } from './network-error-code.js';
import { SpApiError, type SpApiErrorEntry } from './sp-api-error.js';

/**
 * The one place where failures become errors: every `SpApiError` and `LwaError` the client throws is
 * built here, so each carries the retry verdict of `isRetryable`, a diagnosis from the catalogue, and only
 * redacted text.
 */

type Op = Pick<OperationSpec, 'key' | 'method'>;

/** An SP-API error response (any status that is not the operation's success). */
export function spApiErrorFromResponse(input: {
  operation: Op;
  status: number;
  headers: Record<string, string>;
  body: string;
  sandbox?: boolean;
}): SpApiError {
  const errors = parseErrors(input.body);
  const first = errors[0];
  const code = first?.code ?? `Http${input.status}`;
  const amazonMessage = first?.message ?? `HTTP ${input.status}`;
  const details = first?.details || undefined;
  return new SpApiError({
    operation: input.operation.key,
    status: input.status,
    code,
    amazonMessage,
    details,
    errors,
    requestId: input.headers['x-amzn-requestid'],
    retryable: isRetryable(input.operation, { kind: 'http', status: input.status, code }),
    diagnosis: diagnose({
      source: 'sp-api',
      status: input.status,
      code,
      message: amazonMessage,
      details,
      operation: input.operation.key,
      sandbox: input.sandbox,
    }),
    headers: input.headers,
  });
}

/** The transport rejected: no complete response (status 0, code `NetworkError`). */
export function spApiNetworkError(operation: Op, error: unknown): SpApiError {
  const failure = classifyNetworkFailure(error);
  const amazonMessage = `${failure.errorCode}: ${redactText(failure.message)}`;
  return new SpApiError({
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
    diagnosis: diagnose({ source: 'sp-api', status: 0, code: 'NetworkError', operation: operation.key }),
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
    operation: operation.key,
    status,
    code: 'InvalidResponse',
    amazonMessage: 'The response body is not valid JSON (cut off or garbled).',
    details: undefined,
    errors: [],
    requestId: headers['x-amzn-requestid'],
    retryable: isRetryable(operation, { kind: 'invalid-response', status }),
    diagnosis: {
      cause: 'The connection dropped while the body was read, or a proxy altered the response.',
      fix: 'Reads are retried automatically; for a write, check whether it was applied before sending it again.',
    },
    headers,
  });
}

/** A request the client refuses to send (`MissingCredentials`, `InvalidRequest`); never retried. */
export function spApiClientError(operation: Op, code: string, message: string): SpApiError {
  return new SpApiError({
    operation: operation.key,
    status: 0,
    code,
    amazonMessage: redactText(message),
    details: undefined,
    errors: [],
    requestId: undefined,
    retryable: false,
    diagnosis: diagnose({ source: 'sp-api', status: 0, code, operation: operation.key }),
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
  return new LwaError({
    status: input.status,
    error,
    errorDescription: description,
    grantType: input.grantType,
    requestId,
    retryable: isRetryable({ key: 'lwa', method: 'POST' }, { kind: 'lwa', status: input.status, error }),
    diagnosis: diagnose({ source: 'lwa', status: input.status, error, errorDescription: description }),
  });
}

/** The LWA token request got no usable response (status 0), or a success without an access token. */
export function lwaNetworkError(grantType: string, error: unknown): LwaError {
  const failure = classifyNetworkFailure(error);
  return new LwaError({
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
    status,
    error: 'invalid_response',
    errorDescription: 'The token response has no access_token.',
    grantType,
    requestId: undefined,
    // Treated like a garbled response: asking again is harmless.
    retryable: true,
    diagnosis: {
      cause: 'The LWA endpoint answered without an access token (a proxy, or not an LWA endpoint).',
      fix: 'Check lwaEndpoint.',
    },
  });
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
