import type { OperationSpec } from '../amazon/operation-spec.js';
import type { TokenSource } from './auth/token-source.js';
import type { BuiltRequest } from './build-request.js';
import type { AttemptWait } from './events/client-events.js';
import type { CallDeadline } from './timeout/call-deadline.js';

/** One call on its way through the layers. Layers pass modified copies down, never mutate. */
export interface CallContext {
  readonly operation: OperationSpec;
  /** Method, URL, headers and body as built from the operation request (auth headers added by the auth layer). */
  readonly request: BuiltRequest;
  readonly signal: AbortSignal | undefined;
  /** 1 for the first attempt; set by the retry layer. */
  readonly attempt: number;
  /** What this attempt waited for so far (backoff, rate limit, tokens), for its `attempt` event. */
  readonly waits: readonly AttemptWait[];
  /** The call's deadline (`callTimeoutMs`), shared by its attempts; paused while the rate limit waits. */
  readonly deadline: CallDeadline;
  /** Set by the tokens layer: where the auth layer takes the token from (an RDT, a grantless or seller token). */
  readonly tokenSource?: TokenSource;
}

/** A decoded success response. Failures are thrown as `SpApiError` / `LwaError`. */
export interface CallResult {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or `undefined` for an empty body. */
  body: unknown;
  requestId: string | undefined;
}

export type Handler = (context: CallContext) => Promise<CallResult>;

/** Wraps the handler below it. Each layer owns its options, defaults and on/off switch. */
export type Layer = (next: Handler) => Handler;

/**
 * The order of the layers, outermost first. Written here and nowhere else.
 *
 * - `retry` is outermost, so every attempt goes through everything below again: it takes a fresh rate
 *   token and a current access token.
 * - `tokens` gets in hand the token the operation needs (an RDT for restricted operations, a grantless or
 *   the seller's LWA token otherwise), so a slow LWA or RDT round trip happens before the call is counted.
 * - `rateLimit` gives the call its place in the (seller, operation) bucket, waits for it, and tells the
 *   bucket when the request left: Amazon counts arrivals, so the count starts at the send.
 * - `auth` puts the token on the request, and refreshes and resends once if Amazon says it expired.
 * - `log` sits right above the transport, so it logs exactly what was sent and what came back, and reports
 *   each attempt to the client's event listeners.
 */
export const LAYER_ORDER = ['retry', 'tokens', 'rateLimit', 'auth', 'log'] as const;

export type LayerName = (typeof LAYER_ORDER)[number];

/** Builds the handler: `send` (transport + decoding) wrapped in the layers present, in `LAYER_ORDER`. */
export function composePipeline(layers: Partial<Record<LayerName, Layer>>, send: Handler): Handler {
  return LAYER_ORDER.reduceRight<Handler>((next, name) => layers[name]?.(next) ?? next, send);
}

/** The context with one more wait recorded (a wait of 0 ms is not recorded). */
export function withWait(context: CallContext, wait: AttemptWait): CallContext {
  return wait.ms > 0 ? { ...context, waits: [...context.waits, wait] } : context;
}
