import type { Clock } from '../clock.js';
import type { OperationSpec } from '../operation-spec.js';
import { createCachedTokenSource, type TokenSource } from '../token-source.js';

/** Renew an RDT this long before `expiresIn` runs out. */
export const RDT_REFRESH_MARGIN_MS = 60_000;

/** One entry of `restrictedResources` in a createRestrictedDataToken request. */
export interface RestrictedResource {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  dataElements?: string[];
}

/** The createRestrictedDataToken request body. */
export interface RestrictedDataTokenRequest {
  targetApplication?: string;
  restrictedResources: RestrictedResource[];
}

/** Sends createRestrictedDataToken (through the client's own pipeline) and returns Amazon's body. */
export type RequestRestrictedDataToken = (
  body: RestrictedDataTokenRequest,
) => Promise<{ restrictedDataToken?: string; expiresIn?: number }>;

/** Hands out the RDT for restricted operations. */
export interface RestrictedDataTokenProvider {
  /** A token source whose token covers `operation` (and every other operation covered so far). */
  sourceFor(operation: OperationSpec): TokenSource;
}

/**
 * One Restricted Data Token for a whole run: it names the generic paths (`/orders/v0/orders/{orderId}`)
 * of every restricted operation to cover, with their data elements, so one token serves any number of
 * orders. Cached until shortly before `expiresIn`, single flight. An operation not covered yet widens the
 * set, and the next call fetches a token for the wider set.
 */
export function createRestrictedDataTokenProvider(input: {
  request: RequestRestrictedDataToken;
  clock: Clock;
  /** Restricted operations the token covers from the start. */
  operations: readonly OperationSpec[];
  /** Narrows the data elements asked for (`undefined`: every element each operation allows). */
  dataElements: readonly string[] | undefined;
  targetApplication: string | undefined;
  refreshMarginMs?: number;
}): RestrictedDataTokenProvider {
  const covered = new Map<string, OperationSpec>(input.operations.map((op) => [op.key, op]));
  let source: TokenSource | undefined;

  const body = (): RestrictedDataTokenRequest => {
    const restrictedResources = [...covered.values()].map((op): RestrictedResource => {
      const elements = op.dataElements.filter(
        (element) => input.dataElements === undefined || input.dataElements.includes(element),
      );
      const resource: RestrictedResource = {
        method: op.method as RestrictedResource['method'],
        path: op.path,
      };
      if (elements.length > 0) resource.dataElements = elements;
      return resource;
    });
    return input.targetApplication
      ? { targetApplication: input.targetApplication, restrictedResources }
      : { restrictedResources };
  };

  const newSource = (): TokenSource => {
    const requestBody = body();
    return createCachedTokenSource(
      async () => {
        const response = await input.request(requestBody);
        if (typeof response.restrictedDataToken !== 'string' || response.restrictedDataToken === '') {
          throw new Error('createRestrictedDataToken answered without a restrictedDataToken');
        }
        const expiresIn = Number(response.expiresIn);
        return {
          token: response.restrictedDataToken,
          expiresInMs: (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000,
        };
      },
      input.clock,
      input.refreshMarginMs ?? RDT_REFRESH_MARGIN_MS,
    );
  };

  return {
    sourceFor(operation) {
      if (!covered.has(operation.key)) {
        covered.set(operation.key, operation);
        source = undefined;
      }
      source ??= newSource();
      return source;
    },
  };
}
