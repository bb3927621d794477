import type { OperationKey } from '../amazon/generated/operations.js';
import type { Region } from '../amazon/regions.js';
import type { Clock } from '../time/clock.js';
import type { SpApiClientEvent } from './events/client-events.js';
import type { Logger } from './log/logger.js';
import type { RateLimitOptions } from './rate-limit/rate-limit-layer.js';
import type { RateLimitStore } from './rate-limit/rate-limit-store.js';
import type { RetryOptions } from './retry/retry-layer.js';
import type { Transport } from './transport.js';

/** Options of {@link createSpApiClient}. */
export interface SpApiClientOptions {
  /**
   * Region whose host to call: `https://sellingpartnerapi-{region}.amazon.com`, or
   * `https://sandbox.sellingpartnerapi-{region}.amazon.com` when `sandbox` is set. Ignored when `endpoint`
   * is given. Use `regionOfMarketplace(id)` to find a marketplace's region.
   * @default 'na'
   */
  region?: Region;
  /**
   * Explicit SP-API base URL; overrides `region` and `sandbox`'s host choice (e.g. the emulator,
   * `http://127.0.0.1:PORT`).
   * @default endpointForRegion(region, sandbox)
   */
  endpoint?: string;
  /**
   * Login with Amazon token endpoint.
   * @default 'https://api.amazon.com/auth/o2/token'
   */
  lwaEndpoint?: string;
  /** LWA client id of the application (`amzn1.application-oa2-client.…`). */
  clientId: string;
  /** LWA client secret of the application (`amzn1.oa2-cs.v1.…`). */
  clientSecret: string;
  /**
   * The seller's or vendor's refresh token (`Atzr|…`). Without it only grantless operations can be called.
   * @default undefined
   */
  refreshToken?: string;
  /**
   * Identifies the seller in rate-limit bucket keys; give the selling partner id when several clients (or
   * processes sharing a store) call for one seller.
   * @default a non-reversible hash of the refresh token (of the client id without one)
   */
  sellerId?: string;
  /**
   * Application id (`amzn1.sp.solution.…` / `amzn1.sellerapps.app.…`), sent as `targetApplication` of
   * createRestrictedDataToken only when given.
   * @default undefined
   */
  applicationId?: string;
  /**
   * Call Amazon's sandbox: sandbox host, the sandbox's flat 5 rps / 15 burst plan, no Restricted Data Tokens.
   * @default false
   */
  sandbox?: boolean;
  /**
   * Source of time and waits.
   * @default the real clock (Date.now, setTimeout)
   */
  clock?: Clock;
  /**
   * pino-compatible logger. Lines never contain tokens, secrets or buyer data.
   * @default a silent logger
   */
  logger?: Logger;
  /**
   * Receives every event of the client (`attempt`, `wait`, `token`), as `client.on(type, listener)` does
   * for one type. Called synchronously; a listener that throws is logged and ignored.
   * @default undefined
   */
  onEvent?: (event: SpApiClientEvent) => void;
  /**
   * Where the token buckets live; share one between processes to share a seller's limits.
   * @default createMemoryRateLimitStore()
   */
  rateLimitStore?: RateLimitStore;
  /**
   * Client-side pacing; `false` turns it off.
   * @default RATE_LIMIT_DEFAULTS (rate scale 1, an arrival margin measured per host)
   */
  rateLimit?: false | RateLimitOptions;
  /**
   * Retries with jittered backoff; `false` turns them off.
   * @default { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 30000 }
   */
  retry?: false | RetryOptions;
  /**
   * The one function that sends HTTP, for SP-API and LWA alike. It must hand back redirects, not follow
   * them.
   * @default createFetchTransport() (Node's global fetch, redirects never followed)
   */
  transport?: Transport;
  /**
   * Gives up on one attempt (an SP-API request or an LWA token request) that has no complete answer after
   * this long; a read is then retried, a write is not.
   * @default 30000
   */
  attemptTimeoutMs?: number;
  /**
   * Deadline of a whole call: attempts, token fetches and retry backoff together. Waits for the rate limit
   * do not count (they are announced, and as long as Amazon's bucket needs). A host that never answers
   * fails the call after this long.
   * @default 120000
   */
  callTimeoutMs?: number;
  /**
   * `user-agent` header, cut to Amazon's 500 characters.
   * @default 'channel-sales-manager/<version> (Language=TypeScript/Node.js <version>; Platform=<os>)'
   */
  userAgent?: string;
  /**
   * Automatic Restricted Data Tokens for restricted (PII) operations of Orders v0: `true`, `false`, or
   * which data elements and operations one token should cover. Never used in the sandbox, and never for
   * Orders 2026-01-01, which needs none.
   * @default true (every restricted operation of the table; data elements buyerInfo and shippingAddress)
   */
  restrictedDataTokens?: boolean | RestrictedDataTokenOptions;
}

/** Narrows what the automatic Restricted Data Token covers. */
export interface RestrictedDataTokenOptions {
  /**
   * Data elements to ask for (`buyerInfo`, `shippingAddress`, `buyerTaxInformation`); narrow it to the
   * roles the application has, or createRestrictedDataToken fails for all of them.
   * @default ['buyerInfo', 'shippingAddress'] (add `buyerTaxInformation` for Turkish business orders)
   */
  dataElements?: string[];
  /**
   * Restricted operations the one token covers from the start; an operation called outside this list
   * widens it (and fetches a new token).
   * @default every restricted operation of the table
   */
  operations?: OperationKey[];
}
