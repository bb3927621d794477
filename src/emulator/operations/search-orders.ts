import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { orderView } from '../orders/included-data-view.js';
import { isoSeconds } from '../orders/iso-time.js';
import type { OrderCursor, OrderQuery } from '../orders/order-store.js';
import type { FulfillmentStatus } from '../orders/order-types.js';
import { resolveWindow } from '../orders/search-window.js';
import { checkMarketplaces, list, readPageToken, str } from './order-helpers.js';

/** Pagination tokens of Orders 2026-01-01 expire after 24 hours. */
const TOKEN_LIFETIME_MS = 24 * 3600_000;

/** What a page token carries: the search it continues, where the last page ended, when it expires. */
interface TokenState {
  operation: 'searchOrders';
  sellerId: string;
  query: SerializedQuery;
  cursor: OrderCursor;
  pageSize: number;
  expiresAt: number;
}

/** The search's filters, as JSON (later pages ignore the filters they are sent with). */
interface SerializedQuery {
  by: OrderQuery['by'];
  afterMs: number;
  beforeMs: number;
  marketplaceIds?: string[];
  statuses?: string[];
  fulfilledBy?: string[];
}

const NAMES = {
  createdAfter: 'createdAfter',
  createdBefore: 'createdBefore',
  lastUpdatedAfter: 'lastUpdatedAfter',
  lastUpdatedBefore: 'lastUpdatedBefore',
};

/** `GET /orders/2026-01-01/orders`. */
export const searchOrders: OperationDefinition = {
  key: 'searchOrders',
  handle(ctx) {
    const { state, caller, now } = ctx;
    const included = new Set(list(ctx, 'includedData') ?? []);
    let query: SerializedQuery;
    let cursor: OrderCursor | undefined;
    let limit: number;
    const token = str(ctx, 'paginationToken');
    if (token !== undefined) {
      const decoded = readPageToken<TokenState>(ctx, 'paginationToken', token);
      if (decoded.expiresAt <= now) {
        throw invalidInput(
          "The 'paginationToken' has expired.",
          'Pagination tokens are valid for 24 hours; start the search again.',
        );
      }
      query = decoded.query;
      cursor = decoded.cursor;
      limit = decoded.pageSize;
    } else {
      const window = resolveWindow(
        {
          createdAfter: str(ctx, 'createdAfter'),
          createdBefore: str(ctx, 'createdBefore'),
          lastUpdatedAfter: str(ctx, 'lastUpdatedAfter'),
          lastUpdatedBefore: str(ctx, 'lastUpdatedBefore'),
        },
        NAMES,
        now,
      );
      const max = ctx.params.maxResultsPerPage;
      limit = typeof max === 'number' ? max : 100;
      if (limit < 1 || limit > 100) {
        throw invalidInput(`Parameter 'maxResultsPerPage' must be between 1 and 100; got ${limit}.`);
      }
      query = { by: window.by, afterMs: window.afterMs, beforeMs: window.beforeMs };
      const marketplaceIds = list(ctx, 'marketplaceIds');
      if (marketplaceIds) {
        checkMarketplaces(ctx, marketplaceIds, 'marketplaceIds');
        query.marketplaceIds = marketplaceIds;
      }
      const statuses = list(ctx, 'fulfillmentStatuses');
      if (statuses) query.statuses = statuses;
      const fulfilledBy = list(ctx, 'fulfilledBy');
      if (fulfilledBy) query.fulfilledBy = fulfilledBy;
    }
    const storeQuery: OrderQuery = { by: query.by, afterMs: query.afterMs, beforeMs: query.beforeMs };
    if (query.marketplaceIds) storeQuery.marketplaceIds = new Set(query.marketplaceIds);
    if (query.statuses) storeQuery.statuses = new Set(query.statuses as FulfillmentStatus[]);
    if (query.fulfilledBy) storeQuery.fulfilledBy = new Set(query.fulfilledBy);
    const page = state.orders.search(caller.sellerId, storeQuery, cursor, limit);
    const body: Record<string, unknown> = {
      orders: page.orders.map((o) => orderView(o, included, state.roles)),
    };
    if (page.last) {
      const next: TokenState = {
        operation: 'searchOrders',
        sellerId: caller.sellerId,
        query,
        cursor: page.last,
        pageSize: limit,
        expiresAt: now + TOKEN_LIFETIME_MS,
      };
      body.pagination = { nextToken: state.pagination.encode(next) };
    }
    body[query.by === 'created' ? 'createdBefore' : 'lastUpdatedBefore'] = isoSeconds(query.beforeMs);
    return { body };
  },
};
