import type { SpApiClient } from '../../sp-api/client.js';
import { isSpApiError } from '../../sp-api/errors/guards.js';
import type { AmazonOrder } from '../amazon-order.js';
import type { OrderSource } from './order-source.js';

type IncludedData =
  | 'BUYER'
  | 'RECIPIENT'
  | 'PROCEEDS'
  | 'EXPENSE'
  | 'PROMOTION'
  | 'CANCELLATION'
  | 'FULFILLMENT'
  | 'PACKAGES'
  | 'TAX'
  | 'PAYMENT'
  | 'FULFILLMENT_ORDERS';

/**
 * The `includedData` csm asks for: everything an ERP needs that no restricted role guards, plus `BUYER` and
 * `RECIPIENT` when the application may see them. `TAX` is left out: it carries the buyer's tax
 * registrations (role `taxRemittance`), and the tax amounts are in `PROCEEDS` already.
 */
export function includedDataFor(piiAllowed: boolean): IncludedData[] {
  const base: IncludedData[] = [
    'FULFILLMENT',
    'PACKAGES',
    'PROCEEDS',
    'PAYMENT',
    'CANCELLATION',
    'PROMOTION',
    'EXPENSE',
  ];
  return piiAllowed ? [...base, 'BUYER', 'RECIPIENT'] : base;
}

/** Orders 2026-01-01: `searchOrders` by last-updated time, items inline; `getOrder` for re-checks. */
export function searchOrdersSource(
  client: SpApiClient,
  marketplaceIds: readonly string[],
  piiAllowed: boolean,
  pageSize: number,
): OrderSource {
  const includedData = includedDataFor(piiAllowed);
  return {
    api: '2026-01-01',
    async page(window, token, signal) {
      // Amazon wants the first request's filters repeated with the token (only maxResultsPerPage and
      // includedData may change between pages).
      const query = {
        lastUpdatedAfter: window.after,
        lastUpdatedBefore: window.before,
        marketplaceIds: [...marketplaceIds],
        includedData,
        maxResultsPerPage: pageSize,
        ...(token === undefined ? {} : { paginationToken: token }),
      };
      const { body } = await client.call('searchOrders', { query, ...(signal ? { signal } : {}) });
      return {
        orders: body.orders.map((order: AmazonOrder) => ({ api: '2026-01-01' as const, order })),
        alreadyStored: [],
        nextToken: body.pagination?.nextToken || undefined,
        windowEnd: body.lastUpdatedBefore,
      };
    },
    async order(orderId, signal) {
      try {
        const { body } = await client.call('getOrder@2026-01-01', {
          path: { orderId },
          query: { includedData },
          ...(signal ? { signal } : {}),
        });
        return { api: '2026-01-01', order: body.order };
      } catch (error) {
        if (isSpApiError(error) && error.status === 404) return undefined;
        throw error;
      }
    },
  };
}
