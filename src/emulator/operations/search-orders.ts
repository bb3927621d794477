import { invalidInput } from '../errors.js';
import type { OperationDefinition } from '../operation.js';
import { orderView } from '../orders/included-data-view.js';
import { isoSeconds } from '../orders/iso-time.js';
import type { OrderCursor, OrderQuery } from '../orders/order-store.js';
import type { FulfillmentStatus } from '../orders/order-types.js';
import { resolveWindow } from '../orders/search-window.js';
import { checkMarketplaces, list, readPageToken, str } from './order-helpers.js';

/** Pagination tokens of Orders 2026-01-01 expire after 24 hours. */
const TOKEN_LIFETIME_MS = 24 * 3600_000;

interface TokenState {
  k: 'searchOrders';
  s: string;
  q: SerializedQuery;
  c: OrderCursor;
  l: number;
  x: number;
}

interface SerializedQuery {
  by: OrderQuery['by'];
  a: number;
  b: number;
  m?: string[];
  st?: string[];
  f?: string[];
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
      if (decoded.x <= now) {
        throw invalidInput(
          "The 'paginationToken' has expired.",
          'Pagination tokens are valid for 24 hours; start the search again.',
        );
      }
      query = decoded.q;
      cursor = decoded.c;
      limit = decoded.l;
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
      query = { by: window.by, a: window.afterMs, b: window.beforeMs };
      const marketplaceIds = list(ctx, 'marketplaceIds');
      if (marketplaceIds) {
        checkMarketplaces(ctx, marketplaceIds, 'marketplaceIds');
        query.m = marketplaceIds;
      }
      const statuses = list(ctx, 'fulfillmentStatuses');
      if (statuses) query.st = statuses;
      const fulfilledBy = list(ctx, 'fulfilledBy');
      if (fulfilledBy) query.f = fulfilledBy;
    }
    const storeQuery: OrderQuery = { by: query.by, afterMs: query.a, beforeMs: query.b };
    if (query.m) storeQuery.marketplaceIds = new Set(query.m);
    if (query.st) storeQuery.statuses = new Set(query.st as FulfillmentStatus[]);
    if (query.f) storeQuery.fulfilledBy = new Set(query.f);
    const page = state.orders.search(caller.sellerId, storeQuery, cursor, limit);
    const body: Record<string, unknown> = {
      orders: page.orders.map((o) => orderView(o, included, state.roles)),
    };
    if (page.last) {
      const next: TokenState = {
        k: 'searchOrders',
        s: caller.sellerId,
        q: query,
        c: page.last,
        l: limit,
        x: now + TOKEN_LIFETIME_MS,
      };
      body.pagination = { nextToken: state.pagination.encode(next) };
    }
    body[query.by === 'created' ? 'createdBefore' : 'lastUpdatedBefore'] = isoSeconds(query.b);
    return { body };
  },
};
