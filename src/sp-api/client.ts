import type { OperationKey } from '../amazon/generated/operations.js';
import { buildRequest } from './build-request.js';
import type { SpApiClientOptions } from './client-options.js';
import { spApiClientError } from './errors/error-factory.js';
import { authLayer } from './layers/auth-layer.js';
import { logLayer } from './layers/log-layer.js';
import { rateLimitLayer } from './layers/rate-limit-layer.js';
import { restrictedDataTokenLayer } from './layers/restricted-data-token-layer.js';
import { retryLayer } from './layers/retry-layer.js';
import { createLwaTokenProvider } from './lwa/lwa-token-provider.js';
import type {
  LooseOperationRequest,
  OperationRequest,
  OperationResponse,
  PaginatedOperationKey,
} from './operation-types.js';
import { composePipeline, type Layer, type LayerName } from './pipeline.js';
import {
  createRestrictedDataTokenProvider,
  type RestrictedDataTokenRequest,
} from './rdt/restricted-data-token-provider.js';
import { operationSpec, resolveClientOptions } from './resolve-options.js';
import { createSend } from './send.js';

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
}

/**
 * Creates an SP-API client: every operation of the models, called by key, through the layers of
 * `pipeline.ts` (retry → rate limit → restricted data token → auth → log → transport).
 */
export function createSpApiClient(options: SpApiClientOptions): SpApiClient {
  const config = resolveClientOptions(options);
  const { clock, logger } = config;

  const lwa = createLwaTokenProvider({
    lwaEndpoint: config.lwaEndpoint,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    refreshToken: config.refreshToken,
    transport: config.transport,
    clock,
    logger,
    userAgent: config.userAgent,
  });

  const layers: Partial<Record<LayerName, Layer>> = {
    auth: authLayer(lwa, clock),
    log: logLayer(logger, clock),
  };
  if (config.retry) layers.retry = retryLayer(config.retry, clock, logger);
  if (config.rateLimit) {
    layers.rateLimit = rateLimitLayer({
      ...config.rateLimit,
      clock,
      logger,
      sellerKey: config.sellerKey,
      applicationKey: config.applicationKey,
      sandbox: config.sandbox,
    });
  }
  if (config.restrictedDataTokens) {
    layers.restrictedDataToken = restrictedDataTokenLayer(
      createRestrictedDataTokenProvider({
        // The RDT request goes through this client's own pipeline: paced, retried, with the LWA token.
        request: async (body: RestrictedDataTokenRequest) =>
          (await call('createRestrictedDataToken', { body })).body as {
            restrictedDataToken?: string;
            expiresIn?: number;
          },
        clock,
        operations: config.restrictedDataTokens.operations,
        dataElements: config.restrictedDataTokens.dataElements,
        targetApplication: config.applicationId,
      }),
    );
  }
  const handler = composePipeline(layers, createSend(config.transport, config.sandbox));

  async function call(
    key: string,
    request: LooseOperationRequest = {},
  ): Promise<OperationResponse<OperationKey>> {
    const operation = operationSpec(key);
    const built = buildRequest(config.baseUrl, operation, request);
    built.headers['user-agent'] = config.userAgent;
    const result = await handler({ operation, request: built, signal: request.signal, attempt: 1 });
    return { status: result.status, body: result.body, headers: result.headers, requestId: result.requestId };
  }

  async function* paginate(
    key: string,
    request: LooseOperationRequest = {},
  ): AsyncIterableIterator<OperationResponse<OperationKey>> {
    const operation = operationSpec(key);
    const pagination = operation.pagination;
    if (!pagination) throw new TypeError(`${key} does not page`);
    const section =
      operation.params.find((p) => p.name === pagination.param)?.in === 'header' ? 'headers' : 'query';
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await call(
        key,
        token === undefined
          ? request
          : { ...request, [section]: { ...request[section], [pagination.param]: token } },
      );
      yield page;
      token = readToken(page.body, pagination.responsePath);
      if (token !== undefined) {
        // A token Amazon already gave would loop forever; stop loudly rather than silently.
        if (seen.has(token))
          throw spApiClientError(operation, 'PaginationLoop', 'the same next token came back twice');
        seen.add(token);
      }
    } while (token !== undefined);
  }

  return { call, paginate } as SpApiClient;
}

function readToken(body: unknown, path: readonly string[]): string | undefined {
  let value: unknown = body;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}
