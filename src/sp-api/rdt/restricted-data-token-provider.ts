import type { components } from '../../amazon/generated/types/tokens20210301.js';
import type { OperationSpec } from '../../amazon/operation-spec.js';
import type { Clock } from '../../time/clock.js';
import { createCachedTokenSource, type TokenSource } from '../auth/token-source.js';
import { rdtWithoutToken } from '../errors/error-factory.js';
import { isSpApiError } from '../errors/guards.js';

/** Renew an RDT this long before `expiresIn` runs out. */
const RDT_REFRESH_MARGIN_MS = 60_000;

/**
 * Data elements the automatic RDT asks for unless told otherwise. `buyerTaxInformation` is left out: it
 * only concerns Turkish business orders and needs a tax role, and asking for an element the app has no
 * role for makes Amazon refuse the whole token, addresses included.
 */
export const DEFAULT_DATA_ELEMENTS: readonly string[] = ['buyerInfo', 'shippingAddress'];

type RestrictedResource = components['schemas']['RestrictedResource'];
/** The createRestrictedDataToken request body, as the Tokens model declares it. */
type RestrictedDataTokenRequest = components['schemas']['CreateRestrictedDataTokenRequest'];
/** The createRestrictedDataToken success body, as the Tokens model declares it. */
type RestrictedDataTokenResponse = components['schemas']['CreateRestrictedDataTokenResponse'];

/** Sends createRestrictedDataToken (through the client's own pipeline) and returns Amazon's body. */
export type RequestRestrictedDataToken = (
  body: RestrictedDataTokenRequest,
) => Promise<RestrictedDataTokenResponse>;

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
  /** Told every token received, so the client cuts it out of messages and log lines. */
  remember?: (token: string) => void;
  refreshMarginMs?: number;
}): RestrictedDataTokenProvider {
  const covered = new Map<string, OperationSpec>(input.operations.map((op) => [op.key, op]));
  /** Data elements Amazon said the application has no role for: never asked for again in this client. */
  const denied = new Set<string>();
  /** Amazon's refusal that named them, rethrown for an operation that is wholly about a denied element. */
  let denial: unknown;
  let source: TokenSource | undefined;

  const body = (): RestrictedDataTokenRequest => {
    const usable = [...covered.values()].filter(
      (op) => op.impliedDataElement === null || !denied.has(op.impliedDataElement),
    );
    const restrictedResources = usable.flatMap((op): RestrictedResource[] => {
      const { method } = op;
      if (!isRestrictableMethod(method)) return [];
      const elements = op.dataElements.filter(
        (element) =>
          (input.dataElements === undefined || input.dataElements.includes(element)) && !denied.has(element),
      );
      const resource: RestrictedResource = { method, path: op.path };
      if (elements.length > 0) resource.dataElements = elements;
      return [resource];
    });
    return input.targetApplication
      ? { targetApplication: input.targetApplication, restrictedResources }
      : { restrictedResources };
  };

  /**
   * Asks for the token. When Amazon answers that the application lacks the role for some data elements
   * (an app with the shipping role but no tax role asking for buyerInfo), those elements are dropped and
   * the token is asked for once more, so addresses still come through; the order data simply lacks
   * what the app may not see. If nothing was dropped, Amazon's error stands.
   */
  const requestWithoutDenied = async (): Promise<RestrictedDataTokenResponse> => {
    try {
      return await input.request(body());
    } catch (error) {
      const refused = deniedElements(error).filter((element) => !denied.has(element));
      if (refused.length === 0) throw error;
      for (const element of refused) denied.add(element);
      denial = error;
      return input.request(body());
    }
  };

  const newSource = (): TokenSource => {
    return createCachedTokenSource(
      async () => {
        const response = await requestWithoutDenied();
        if (typeof response.restrictedDataToken !== 'string' || response.restrictedDataToken === '') {
          throw rdtWithoutToken({ key: 'createRestrictedDataToken', method: 'POST' }, 200);
        }
        input.remember?.(response.restrictedDataToken);
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
      if (operation.impliedDataElement !== null && denied.has(operation.impliedDataElement)) throw denial;
      if (!covered.has(operation.key)) {
        covered.set(operation.key, operation);
        source = undefined;
      }
      source ??= newSource();
      return source;
    },
  };
}

/** The Tokens model names the methods a restricted resource may have; PATCH is not one of them. */
function isRestrictableMethod(method: OperationSpec['method']): method is RestrictedResource['method'] {
  return method !== 'PATCH';
}

/** The data elements named in Amazon's 'Application does not have access to ... data elements: [a, b]' error. */
function deniedElements(error: unknown): string[] {
  if (!isSpApiError(error) || error.status !== 400) return [];
  const listed = /data elements:\s*\[([^\]]*)\]/i.exec(error.amazonMessage)?.[1];
  return listed
    ? listed
        .split(',')
        .map((element) => element.trim())
        .filter((element) => element !== '')
    : [];
}
