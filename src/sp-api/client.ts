import { createHash } from 'node:crypto';
import { buildRequest } from './build-request.js';
import type { SpApiClientOptions } from './client-options.js';
import { realClock } from './clock.js';
import { spApiClientError } from './errors/error-factory.js';
import { OPERATIONS, type OperationKey } from './generated/operations.js';
import { authLayer } from './layers/auth-layer.js';
import { logLayer } from './layers/log-layer.js';
import { rateLimitLayer } from './layers/rate-limit-layer.js';
import { restrictedDataTokenLayer } from './layers/restricted-data-token-layer.js';
import { retryLayer } from './layers/retry-layer.js';
import { silentLogger } from './logger.js';
import { createLwaTokenProvider } from './lwa/lwa-token-provider.js';
import type { OperationSpec } from './operation-spec.js';
import type {
  LooseOperationRequest,
  OperationRequest,
  OperationResponse,
  PaginatedOperationKey,
} from './operation-types.js';
import { composePipeline, type Layer, type LayerName } from './pipeline.js';
import { createMemoryRateLimitStore } from './rate-limit/memory-rate-limit-store.js';
import {
  createRestrictedDataTokenProvider,
  type RestrictedDataTokenRequest,
} from './rdt/restricted-data-token-provider.js';
import { endpointForRegion } from './regions.js';
import { createSend } from './send.js';
import { createFetchTransport } from './transport.js';
import { defaultUserAgent, limitUserAgent } from './user-agent.js';

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

const OPS: Readonly<Record<string, OperationSpec>> = OPERATIONS;

/**
 * Creates an SP-API client: every operation of the models, called by key, through the layers of
 * `pipeline.ts` (retry → rate limit → restricted data token → auth → log → transport).
 */
export function createSpApiClient(options: SpApiClientOptions): SpApiClient {
  const sandbox = options.sandbox ?? false;
  const baseUrl = options.endpoint ?? endpointForRegion(options.region ?? 'na', sandbox);
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? silentLogger;
  const transport = options.transport ?? createFetchTransport();
  const userAgent = limitUserAgent(options.userAgent ?? defaultUserAgent());
  const applicationKey = `app-${hash(options.clientId)}`;
  const sellerKey =
    options.sellerId ?? (options.refreshToken ? `rt-${hash(options.refreshToken)}` : applicationKey);

  const lwa = createLwaTokenProvider({
    ...(options.lwaEndpoint ? { lwaEndpoint: options.lwaEndpoint } : {}),
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    refreshToken: options.refreshToken,
    transport,
    clock,
    logger,
    userAgent,
  });

  const layers: Partial<Record<LayerName, Layer>> = {
    auth: authLayer(lwa, clock),
    log: logLayer(logger, clock),
  };
  if (options.retry !== false) layers.retry = retryLayer(options.retry ?? {}, clock, logger);
  if (options.rateLimit !== false) {
    layers.rateLimit = rateLimitLayer({
      options: options.rateLimit ?? {},
      store: options.rateLimitStore ?? createMemoryRateLimitStore(),
      clock,
      logger,
      sellerKey,
      applicationKey,
      sandbox,
    });
  }
  const rdtOptions = options.restrictedDataTokens ?? true;
  if (rdtOptions !== false && !sandbox) {
    const narrowed = typeof rdtOptions === 'object' ? rdtOptions : {};
    const operations = narrowed.operations
      ? narrowed.operations.map((key) => operationSpec(key))
      : Object.values(OPS).filter((op) => op.restricted);
    layers.restrictedDataToken = restrictedDataTokenLayer(
      createRestrictedDataTokenProvider({
        request: async (body: RestrictedDataTokenRequest) =>
          (await call('createRestrictedDataToken', { body })).body as {
            restrictedDataToken?: string;
            expiresIn?: number;
          },
        clock,
        operations,
        dataElements: narrowed.dataElements,
        targetApplication: options.applicationId,
      }),
    );
  }
  const handler = composePipeline(layers, createSend(transport, sandbox));

  async function call(
    key: string,
    request: LooseOperationRequest = {},
  ): Promise<OperationResponse<OperationKey>> {
    const operation = operationSpec(key);
    const built = buildRequest(baseUrl, operation, request);
    built.headers['user-agent'] = userAgent;
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

function operationSpec(key: string): OperationSpec {
  const operation = OPS[key];
  if (!operation) throw new TypeError(`unknown SP-API operation ${key}`);
  return operation;
}

function readToken(body: unknown, path: readonly string[]): string | undefined {
  let value: unknown = body;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}

// Rate-limit keys must not reveal the refresh token, even to someone reading the store.
function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
