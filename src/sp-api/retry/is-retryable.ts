import type { OperationSpec } from '../../amazon/operation-spec.js';

/** What one attempt ended with, as far as the retry rule cares. */
export type AttemptOutcome =
  /** Amazon answered with this HTTP status (and, when it sent one, this error code). */
  | { kind: 'http'; status: number; code?: string }
  /** No complete response. `reachedServer` is false only when the connection was never made. */
  | { kind: 'network'; errorCode: string; reachedServer: boolean }
  /** A success status whose body is not the JSON it should be (cut off or garbled). */
  | { kind: 'invalid-response'; status: number }
  /** The LWA token request failed, before the SP-API request was sent. */
  | { kind: 'lwa'; status: number; error?: string }
  /** The caller aborted. */
  | { kind: 'aborted' };

/**
 * POSTs that are safe to repeat: asking for another Restricted Data Token changes nothing on Amazon's side.
 * Every other POST (confirmShipment, updateShipmentStatus, createFeed, createReport...) creates or changes
 * something, and sending it twice could, for example, confirm a shipment twice.
 */
const IDEMPOTENT_POSTS: ReadonlySet<string> = new Set(['createRestrictedDataToken']);

/**
 * Whether sending the operation twice has the same effect as sending it once. GET, HEAD, PUT and DELETE are
 * idempotent by HTTP's definition; POST and PATCH are not, unless listed in `IDEMPOTENT_POSTS`.
 */
export function isIdempotent(operation: Pick<OperationSpec, 'key' | 'method'>): boolean {
  const method = operation.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE') return true;
  return IDEMPOTENT_POSTS.has(operation.key);
}

/**
 * The retry rule, in one pure function.
 *
 * - 429 is always retried: Amazon throttles before it processes anything, so even a write is safe.
 * - A failed LWA token request is retried on 429, 5xx and network errors: the SP-API request was not sent.
 * - A network error where the connection was never made (refused, DNS, connect timeout) is always retried.
 * - 500, 502, 503 and 504, a connection dropped after sending (reset, hang-up, timeout) and a success
 *   response with a cut-off or garbled JSON body are retried only for idempotent operations: a write may
 *   have been applied even though the answer was lost, so a blind retry could apply it twice.
 * - Everything else (4xx other than 429, an aborted call) is final. The one refresh-and-retry after an
 *   expired access token is the auth layer's business, not this rule's.
 */
export function isRetryable(
  operation: Pick<OperationSpec, 'key' | 'method'>,
  outcome: AttemptOutcome,
): boolean {
  switch (outcome.kind) {
    case 'aborted':
      return false;
    case 'lwa':
      return (
        outcome.status === 0 ||
        outcome.status === 429 ||
        outcome.status >= 500 ||
        outcome.error === 'server_error' ||
        outcome.error === 'temporarily_unavailable'
      );
    case 'network':
      return !outcome.reachedServer || isIdempotent(operation);
    case 'invalid-response':
      return isIdempotent(operation);
    case 'http':
      if (outcome.status === 429) return true;
      if ([500, 502, 503, 504].includes(outcome.status)) return isIdempotent(operation);
      return false;
  }
}
