import type { SpApiClient } from '../../sp-api/client.js';
import { isSpApiError } from '../../sp-api/errors/guards.js';
import type { V0Order, V0OrderItem } from '../amazon-order.js';
import type { IncomingOrder } from '../repository/incoming-order.js';
import type { OrderSource, StoredVersions } from './order-source.js';

/**
 * Orders v0, the fallback: `getOrders` by last-updated time, then `getOrderItems` for each order that is
 * new or newer than stored (items are not in getOrders' answer; an unchanged order costs no call). The
 * client fetches the Restricted Data Token that unlocks buyer and address data itself. Pending orders
 * come without prices; they are stored as they are and fetched again when they change.
 */
export function getOrdersSource(
  client: SpApiClient,
  marketplaceIds: readonly string[],
  pageSize: number,
  storedVersions: StoredVersions,
): OrderSource {
  const items = async (orderId: string, signal: AbortSignal | undefined): Promise<V0OrderItem[]> => {
    const out: V0OrderItem[] = [];
    for await (const page of client.paginate('getOrderItems', {
      path: { orderId },
      ...(signal ? { signal } : {}),
    })) {
      out.push(...(page.body.payload?.OrderItems ?? []));
    }
    return out;
  };
  return {
    api: 'v0',
    async page(window, token, signal) {
      // With NextToken Amazon ignores the other filters; MarketplaceIds is required all the same.
      const query =
        token === undefined
          ? {
              MarketplaceIds: [...marketplaceIds],
              LastUpdatedAfter: window.after,
              LastUpdatedBefore: window.before,
              MaxResultsPerPage: pageSize,
            }
          : { MarketplaceIds: [...marketplaceIds], NextToken: token };
      const { body } = await client.call('getOrders', { query, ...(signal ? { signal } : {}) });
      const orders: V0Order[] = body.payload?.Orders ?? [];
      const stored = await storedVersions(orders.map((o) => o.AmazonOrderId));
      const incoming: IncomingOrder[] = [];
      const alreadyStored: string[] = [];
      // One call at a time: items are paced by getOrderItems' own bucket (0.5/s, burst 30).
      for (const order of orders) {
        const known = stored.get(order.AmazonOrderId);
        if (known !== undefined && known >= Date.parse(order.LastUpdateDate)) {
          alreadyStored.push(order.AmazonOrderId);
          continue;
        }
        incoming.push({ api: 'v0', order, items: await items(order.AmazonOrderId, signal) });
      }
      return {
        orders: incoming,
        alreadyStored,
        nextToken: body.payload?.NextToken || undefined,
        windowEnd: body.payload?.LastUpdatedBefore,
      };
    },
    async order(orderId, signal) {
      try {
        const { body } = await client.call('getOrder@v0', {
          path: { orderId },
          ...(signal ? { signal } : {}),
        });
        const order = body.payload;
        if (!order) return undefined;
        return { api: 'v0', order, items: await items(orderId, signal) };
      } catch (error) {
        if (isSpApiError(error) && error.status === 404) return undefined;
        throw error;
      }
    },
  };
}
