import type { ErrorKind } from '../errors/csm-api-error.js';

/**
 * What a call waits for: a rate-limit token, a retry's backoff, an access token (LWA or RDT), or the answer
 * of a slow host (`response`, announced once it has taken five seconds).
 */
export type WaitFor = 'rate-limit' | 'retry' | 'token' | 'response';

/** One wait of an attempt, before it was sent. */
export interface AttemptWait {
  for: WaitFor;
  ms: number;
}

/** A failure, as events describe it: what to branch on, nothing that could hold a secret. */
export interface EventError {
  /** The error's kind; `aborted` when the caller's signal stopped the call. */
  kind: ErrorKind | 'aborted';
  /** The diagnosis code, when the catalogue knows the failure. */
  code: string | undefined;
  retryable: boolean;
}

/**
 * One HTTP attempt of an SP-API call, sent and answered (or failed): emitted once per request that
 * left, so a call retried twice emits three.
 */
export interface AttemptEvent {
  type: 'attempt';
  /** Operation key (`searchOrders`, `getOrder@v0`). */
  operation: string;
  /** 1 for the first attempt of the call. */
  attempt: number;
  method: string;
  /** Host the request went to (never the path or query, which may name an order). */
  host: string;
  /** HTTP status; `undefined` when no response arrived. */
  status: number | undefined;
  /** `x-amzn-RequestId`, when Amazon sent one. */
  requestId: string | undefined;
  /** From the moment the request left to the end of the answer. */
  durationMs: number;
  /** What the attempt waited for before it left, and how long (waits of 0 ms are left out). */
  waits: readonly AttemptWait[];
  /** Set when the attempt failed. */
  error?: EventError;
}

/**
 * A wait that is about to begin: emitted before the sleep, so a listener can say what for and how long.
 * For `response`, emitted when a host has not answered for five seconds, with the longest it may still
 * take (until the attempt times out).
 */
export interface WaitEvent {
  type: 'wait';
  /** Operation key; `lwa` for a token request. */
  operation: string;
  /** The attempt the wait comes before. */
  attempt: number;
  for: WaitFor;
  /** How long the client expects to wait (for `response`: at most). */
  waitMs: number;
  /** Why, in words (the bucket's rate, the failure being retried, the host that is slow). */
  reason: string;
}

/** One Login with Amazon token request. */
export interface TokenEvent {
  type: 'token';
  /** `refresh_token` (a seller's token) or `client_credentials` (a grantless token). */
  grantType: string;
  /** HTTP status; `undefined` when no response arrived. */
  status: number | undefined;
  requestId: string | undefined;
  durationMs: number;
  error?: EventError;
}

/** Everything a client reports to its listeners. Events never carry a token, a secret or buyer data. */
export type SpApiClientEvent = AttemptEvent | WaitEvent | TokenEvent;

/** The `type` of an event: `'attempt'`, `'wait'` or `'token'`. */
export type SpApiClientEventType = SpApiClientEvent['type'];

/** A listener of one type of event. */
export type SpApiClientListener<T extends SpApiClientEventType> = (
  event: Extract<SpApiClientEvent, { type: T }>,
) => void;
