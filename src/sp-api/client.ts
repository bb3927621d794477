import type { OperationKey } from '../amazon/generated/operations.js';
import type { OperationSpec } from '../amazon/operation-spec.js';
import { authLayer } from './auth/auth-layer.js';
import { createLwaTokenProvider } from './auth/lwa-token-provider.js';
import { tokensLayer } from './auth/tokens-layer.js';
import { buildRequest } from './build-request.js';
import type { SpApiClientOptions } from './client-options.js';
import type { SpApiClientEventType, SpApiClientListener } from './events/client-events.js';
import { createEventHub } from './events/event-hub.js';
import { logLayer } from './log/log-layer.js';
import type {
  LooseOperationRequest,
  OperationRequest,
  OperationResponse,
  PaginatedOperationKey,
} from './operation-types.js';
import { paginate as paginatePages } from './paginate.js';
import { composePipeline, type Layer, type LayerName } from './pipeline.js';
import { rateLimitLayer } from './rate-limit/rate-limit-layer.js';
import { createRestrictedDataTokenProvider } from './rdt/restricted-data-token-provider.js';
import { operationSpec, resolveClientOptions } from './resolve-options.js';
import { retryLayer } from './retry/retry-layer.js';
import { createSend } from './send.js';
import { startCallDeadline } from './timeout/call-deadline.js';

/** A typed SP-API client. */
export interface SpApiClient {
  /** Calls one operation by key (opKey from OPERATIONS, e.g. 'searchOrders', 'getOrder@2026-01-01'). */
  call<K extends OperationKey>(key: K, request?: OperationRequest<K>): Promise<OperationResponse<K>>;
  /**
   * Every page of a paginated operation, following NextToken / paginationToken: the first page is the
   * request as given, each next one adds the token from the previous body. An expired token surfaces as
   * the `SpApiError` Amazon sent (400 InvalidInput); restart from the filter.
   */
  paginate<K extends PaginatedOperationKey>(
    key: K,
    request?: OperationRequest<K>,
  ): AsyncIterableIterator<OperationResponse<K>>;
  /**
   * Subscribes to the client's events: `attempt` (each request sent and its answer), `wait` (a wait that
   * is about to begin: rate limit or retry backoff) and `token` (each LWA token request). Returns the
   * function that unsubscribes. Events never carry a token, a secret or buyer data.
   */
  on<T extends SpApiClientEventType>(type: T, listener: SpApiClientListener<T>): () => void;
}

/**
 * Creates an SP-API client: every operation of the models, called by key, through the layers of
 * `pipeline.ts` (retry → tokens → rate limit → auth → log → transport).
 */
export function createSpApiClient(options: SpApiClientOptions): SpApiClient {
  const config = resolveClientOptions(options);
  const { clock, logger } = config;
  const events = createEventHub(options.onEvent, logger);

  const lwa = createLwaTokenProvider({
    lwaEndpoint: config.lwaEndpoint,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    refreshToken: config.refreshToken,
    transport: config.transport,
    clock,
    logger,
    userAgent: config.userAgent,
    onEvent: events.emit,
    attemptTimeoutMs: config.attemptTimeoutMs,
    redactor: config.redactor,
  });

  const rdt = config.restrictedDataTokens
    ? createRestrictedDataTokenProvider({
        // The RDT request goes through this client's own pipeline: paced, retried, with the LWA token.
        request: async (body) => (await call('createRestrictedDataToken', { body })).body,
        clock,
        operations: config.restrictedDataTokens.operations,
        dataElements: config.restrictedDataTokens.dataElements,
        targetApplication: config.applicationId,
        remember: config.redactor.remember,
      })
    : undefined;
  const layers: Partial<Record<LayerName, Layer>> = {
    tokens: tokensLayer(lwa, rdt, clock, config.callTimeoutMs),
    auth: authLayer(clock),
    log: logLayer({
      logger,
      clock,
      events,
      redactor: config.redactor,
      attemptTimeoutMs: config.attemptTimeoutMs,
    }),
  };
  if (config.retry) layers.retry = retryLayer(config.retry, { clock, logger, events });
  if (config.rateLimit) {
    layers.rateLimit = rateLimitLayer({
      ...config.rateLimit,
      clock,
      logger,
      events,
      sellerKey: config.sellerKey,
      applicationKey: config.applicationKey,
      sandbox: config.sandbox,
    });
  }
  const handler = composePipeline(
    layers,
    createSend(config.transport, {
      sandbox: config.sandbox,
      clock,
      attemptTimeoutMs: config.attemptTimeoutMs,
      callTimeoutMs: config.callTimeoutMs,
      redactor: config.redactor,
    }),
  );

  async function send(
    operation: OperationSpec,
    request: LooseOperationRequest,
  ): Promise<OperationResponse<OperationKey>> {
    const built = buildRequest(config.baseUrl, operation, request);
    built.headers['user-agent'] = config.userAgent;
    const deadline = startCallDeadline(clock, config.callTimeoutMs);
    try {
      const result = await handler({
        operation,
        request: built,
        signal: request.signal,
        attempt: 1,
        waits: [],
        deadline,
      });
      return {
        status: result.status,
        body: result.body,
        headers: result.headers,
        requestId: result.requestId,
      };
    } finally {
      deadline.dispose();
    }
  }

  function call<K extends OperationKey>(key: K, request?: OperationRequest<K>): Promise<OperationResponse<K>>;
  async function call(
    key: string,
    request: LooseOperationRequest = {},
  ): Promise<OperationResponse<OperationKey>> {
    return send(operationSpec(key), request);
  }

  function paginate<K extends PaginatedOperationKey>(
    key: K,
    request?: OperationRequest<K>,
  ): AsyncIterableIterator<OperationResponse<K>>;
  function paginate(
    key: string,
    request: LooseOperationRequest = {},
  ): AsyncIterableIterator<OperationResponse<OperationKey>> {
    const operation = operationSpec(key);
    return paginatePages(operation, request, (page) => send(operation, page));
  }

  return { call, paginate, on: events.on };
}
