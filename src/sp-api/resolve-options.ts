import { createHash } from 'node:crypto';
import { ALL_OPERATIONS, findOperation, type OperationSpec } from '../amazon/index.js';
import { endpointForRegion, REGIONS } from '../amazon/regions.js';
import { type Clock, realClock } from '../time/clock.js';
import { DEFAULT_LWA_ENDPOINT } from './auth/lwa-token-provider.js';
import type { SpApiClientOptions } from './client-options.js';
import { spApiUsageError } from './errors/error-factory.js';
import { type Logger, silentLogger } from './log/logger.js';
import { createMemoryRateLimitStore } from './rate-limit/memory-rate-limit-store.js';
import type { RateLimitOptions } from './rate-limit/rate-limit-layer.js';
import type { RateLimitStore } from './rate-limit/rate-limit-store.js';
import { DEFAULT_DATA_ELEMENTS } from './rdt/restricted-data-token-provider.js';
import type { RetryOptions } from './retry/retry-layer.js';
import { createFetchTransport, type Transport } from './transport.js';
import { defaultUserAgent, limitUserAgent } from './user-agent.js';

/** Client options with every default applied, resolved once when the client is created. */
export interface ResolvedClientOptions {
  baseUrl: string;
  lwaEndpoint: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string | undefined;
  /** Rate-limit key of the seller. */
  sellerKey: string;
  /** Rate-limit key of the application (grantless operations). */
  applicationKey: string;
  applicationId: string | undefined;
  sandbox: boolean;
  clock: Clock;
  logger: Logger;
  transport: Transport;
  userAgent: string;
  rateLimit: false | { options: RateLimitOptions; store: RateLimitStore };
  retry: false | RetryOptions;
  /** `false` when off or in the sandbox. */
  restrictedDataTokens: false | { operations: OperationSpec[]; dataElements: string[] | undefined };
}

/** The operation of a key, or a usage error naming the key. */
export function operationSpec(key: string): OperationSpec {
  const operation = findOperation(key);
  if (!operation)
    throw spApiUsageError(
      'UNKNOWN_OPERATION',
      `unknown SP-API operation '${key}' (see OPERATIONS or \`csm api --list\`)`,
    );
  return operation;
}

/** Applies the defaults and fails fast, with the fix in the message, on a value that cannot work. */
export function resolveClientOptions(options: SpApiClientOptions): ResolvedClientOptions {
  for (const name of ['clientId', 'clientSecret'] as const) {
    if (typeof options[name] !== 'string' || options[name].trim() === '') {
      throw spApiUsageError(
        'INVALID_OPTION',
        `createSpApiClient: ${name} is required (the LWA credentials of the application)`,
      );
    }
  }
  if (options.region !== undefined && !REGIONS.includes(options.region)) {
    throw spApiUsageError(
      'INVALID_OPTION',
      `createSpApiClient: region must be one of ${REGIONS.join(', ')}, got '${options.region}'`,
    );
  }
  for (const name of ['endpoint', 'lwaEndpoint'] as const) {
    const value = options[name];
    if (value !== undefined && !URL.canParse(value)) {
      throw spApiUsageError(
        'INVALID_OPTION',
        `createSpApiClient: ${name} must be an absolute URL such as http://127.0.0.1:8080, got '${value}'`,
      );
    }
  }
  const sandbox = options.sandbox ?? false;
  const applicationKey = `app-${hash(options.clientId)}`;
  const rdt = options.restrictedDataTokens ?? true;
  const narrowed = typeof rdt === 'object' ? rdt : {};
  return {
    baseUrl: options.endpoint ?? endpointForRegion(options.region ?? 'na', sandbox),
    lwaEndpoint: options.lwaEndpoint ?? DEFAULT_LWA_ENDPOINT,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    refreshToken: options.refreshToken || undefined,
    sellerKey:
      options.sellerId ?? (options.refreshToken ? `rt-${hash(options.refreshToken)}` : applicationKey),
    applicationKey,
    applicationId: options.applicationId,
    sandbox,
    clock: options.clock ?? realClock,
    logger: options.logger ?? silentLogger,
    transport: options.transport ?? createFetchTransport(),
    userAgent: limitUserAgent(options.userAgent ?? defaultUserAgent()),
    rateLimit:
      options.rateLimit === false
        ? false
        : { options: options.rateLimit ?? {}, store: options.rateLimitStore ?? createMemoryRateLimitStore() },
    retry: options.retry === false ? false : (options.retry ?? {}),
    restrictedDataTokens:
      rdt === false || sandbox
        ? false
        : {
            operations: narrowed.operations
              ? narrowed.operations.map(operationSpec)
              : ALL_OPERATIONS.filter((op) => op.restricted),
            dataElements: narrowed.dataElements ?? [...DEFAULT_DATA_ELEMENTS],
          },
  };
}

// Rate-limit keys must not reveal the refresh token, even to someone reading a shared store.
function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
