import { createHash } from 'node:crypto';
import { ALL_OPERATIONS, findOperation, type OperationSpec } from '../amazon/index.js';
import { endpointForRegion, REGIONS } from '../amazon/regions.js';
import { type Clock, realClock } from '../time/clock.js';
import { DEFAULT_LWA_ENDPOINT } from './auth/lwa-token-provider.js';
import type { SpApiClientOptions } from './client-options.js';
import { spApiUsageError } from './errors/error-factory.js';
import { type Logger, redactingLogger, silentLogger } from './log/logger.js';
import { createMemoryRateLimitStore } from './rate-limit/memory-rate-limit-store.js';
import type { RateLimitOptions } from './rate-limit/rate-limit-layer.js';
import type { RateLimitStore } from './rate-limit/rate-limit-store.js';
import { DEFAULT_DATA_ELEMENTS } from './rdt/restricted-data-token-provider.js';
import { createRedactor, type Redactor, withoutUserinfo } from './redact.js';
import type { RetryOptions } from './retry/retry-layer.js';
import { TIMEOUT_DEFAULTS } from './timeout/call-deadline.js';
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
  /** The caller's logger, behind the redactor. */
  logger: Logger;
  /** Knows the client's secrets (and learns its tokens) to cut them out of every message and log line. */
  redactor: Redactor;
  transport: Transport;
  attemptTimeoutMs: number;
  callTimeoutMs: number;
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
  if (options.endpoint !== undefined) checkEndpoint('endpoint', options.endpoint, 'host');
  if (options.lwaEndpoint !== undefined) checkEndpoint('lwaEndpoint', options.lwaEndpoint, 'url');
  const timeouts: { attemptTimeoutMs: number; callTimeoutMs: number } = { ...TIMEOUT_DEFAULTS };
  for (const name of ['attemptTimeoutMs', 'callTimeoutMs'] as const) {
    const value = options[name];
    if (value === undefined) continue;
    if (!Number.isFinite(value) || value <= 0) {
      throw spApiUsageError(
        'INVALID_OPTION',
        `createSpApiClient: ${name} must be a positive number of milliseconds, got ${String(value)}`,
      );
    }
    timeouts[name] = value;
  }
  const redactor = createRedactor();
  redactor.remember(options.clientSecret);
  redactor.remember(options.refreshToken);
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
    logger: redactingLogger(options.logger ?? silentLogger, redactor),
    redactor,
    transport: options.transport ?? createFetchTransport(),
    ...timeouts,
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

/**
 * An endpoint is an origin (`host`: SP-API paths are added to it) or a full URL (`url`: the LWA token
 * endpoint). Refused: a user name or password, which would be sent nowhere useful and printed in errors
 * (credentials are options of their own); a query or fragment; a path on an SP-API base URL, which would
 * be put in front of every operation's path.
 */
function checkEndpoint(name: string, value: string, kind: 'host' | 'url'): void {
  const refuse = (problem: string): never => {
    throw spApiUsageError('INVALID_OPTION', `createSpApiClient: ${name} ${problem}`);
  };
  if (!URL.canParse(value)) {
    refuse(`must be an absolute URL such as http://127.0.0.1:8080, got '${withoutUserinfo(value)}'`);
  }
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    refuse(`must be an http or https URL, got '${url.protocol}'`);
  }
  if (url.username !== '' || url.password !== '') {
    refuse(
      `must not contain a user name or password (${url.protocol}//…@${url.host}): pass credentials as clientId, clientSecret and refreshToken, never in a URL, where they would be printed in errors and logs`,
    );
  }
  if (url.search !== '' || url.hash !== '') {
    refuse(`must not have a query or fragment: use ${url.origin}${url.pathname === '/' ? '' : url.pathname}`);
  }
  if (kind === 'host' && url.pathname !== '/') {
    refuse(
      `must be the host only, such as ${url.origin}: operation paths (/orders/v0/orders/...) are added to it, so '${url.pathname}' would be sent in front of each of them`,
    );
  }
}

// Rate-limit keys must not reveal the refresh token, even to someone reading a shared store.
function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex').slice(0, 16);
}
