import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { isoSeconds, parseIsoTime } from '../orders/iso-time.js';
import type { OrderCursor, OrderQuery } from '../orders/order-store.js';
import type { FulfillmentStatus } from '../orders/order-types.js';
import { resolveWindow } from '../orders/search-window.js';
import { V0_STATUS_TO_2026, v0Order } from '../orders/v0-view.js';
import { checkMarketplaces, list, ORDER_ID_PATTERN, readPageToken, str, v0Access } from './order-helpers.js';

/** What a NextToken carries: the search it continues and where the last page ended. */
interface TokenState {
  operation: 'getOrders';
  sellerId: string;
  query: SerializedQuery;
  cursor: OrderCursor;
  pageSize: number;
}

/** The search's filters, as JSON ("NextToken doesn't affect any filters": later pages reuse these). */
interface SerializedQuery {
  by: OrderQuery['by'];
  afterMs: number;
  beforeMs: number;
  marketplaceIds: string[];
  /** 2026-01-01 fulfillment statuses the v0 OrderStatuses map to. */
  statuses?: string[];
  /** 2026-01-01 fulfilledBy values the v0 FulfillmentChannels map to. */
  fulfilledBy?: string[];
  orderIds?: string[];
  sellerOrderId?: string;
  buyerEmail?: string;
  paymentMethods?: string[];
  /** Delivery-date bounds (epoch ms). */
  delivery?: DeliveryBounds;
  /** A filter no emulated order can match (EasyShip, e-invoice, in-store pickup, store chain, supply source). */
  matchesNothing?: true;
}

interface DeliveryBounds {
  earliestAfter?: number;
  earliestBefore?: number;
  latestAfter?: number;
  latestBefore?: number;
}

const NAMES = {
  createdAfter: 'CreatedAfter',
  createdBefore: 'CreatedBefore',
  lastUpdatedAfter: 'LastUpdatedAfter',
  lastUpdatedBefore: 'LastUpdatedBefore',
};
const CHANNELS: Readonly<Record<string, string>> = { AFN: 'AMAZON', MFN: 'MERCHANT' };
const PAYMENT_METHODS = ['COD', 'CVS', 'Other'];
/** Filters for programs the emulated orders never have: asking for them matches no order. */
const NEVER_MATCHED = [
  'EasyShipShipmentStatuses',
  'ElectronicInvoiceStatuses',
  'StoreChainStoreId',
  'ActualFulfillmentSupplySourceId',
];
const DELIVERY_FILTERS: Readonly<Record<keyof DeliveryBounds, string>> = {
  earliestAfter: 'EarliestDeliveryDateAfter',
  earliestBefore: 'EarliestDeliveryDateBefore',
  latestAfter: 'LatestDeliveryDateAfter',
  latestBefore: 'LatestDeliveryDateBefore',
};

/** Filters Amazon forbids together with SellerOrderId. */
const NOT_WITH_SELLER_ORDER_ID = [
  'FulfillmentChannels',
  'OrderStatuses',
  'PaymentMethods',
  'LastUpdatedAfter',
  'LastUpdatedBefore',
  'BuyerEmail',
];

/** `GET /orders/v0/orders` (deprecated by Amazon, still served until March 2027). */
export const getOrders: OperationDefinition = {
  key: 'getOrders',
  handle(ctx) {
    const { state, caller } = ctx;
    const marketplaceIds = list(ctx, 'MarketplaceIds') ?? [];
    checkMarketplaces(ctx, marketplaceIds, 'MarketplaceIds');
    let query: SerializedQuery;
    let cursor: OrderCursor | undefined;
    let limit: number;
    const token = str(ctx, 'NextToken');
    if (token !== undefined) {
      // "NextToken doesn't affect any filters": the filters come from the token.
      const decoded = readPageToken<TokenState>(ctx, 'NextToken', token);
      query = decoded.query;
      cursor = decoded.cursor;
      limit = decoded.pageSize;
    } else {
      query = buildQuery(ctx, marketplaceIds);
      const max = ctx.params.MaxResultsPerPage;
      limit = typeof max === 'number' ? max : 100;
      if (limit < 1 || limit > 100) {
        throw invalidInput(`Parameter 'MaxResultsPerPage' must be between 1 and 100; got ${limit}.`);
      }
    }
    const storeQuery: OrderQuery = { by: query.by, afterMs: query.afterMs, beforeMs: query.beforeMs };
    storeQuery.marketplaceIds = new Set(query.marketplaceIds);
    if (query.statuses) storeQuery.statuses = new Set(query.statuses as FulfillmentStatus[]);
    if (query.fulfilledBy) storeQuery.fulfilledBy = new Set(query.fulfilledBy);
    if (query.orderIds) storeQuery.orderIds = new Set(query.orderIds);
    if (query.sellerOrderId !== undefined) storeQuery.sellerOrderId = query.sellerOrderId;
    // Every emulated order is paid with 'Other'; a filter without it matches nothing.
    if (query.paymentMethods && !query.paymentMethods.includes('Other')) storeQuery.orderIds = new Set();
    if (query.buyerEmail !== undefined) storeQuery.buyerEmail = query.buyerEmail;
    if (query.matchesNothing) storeQuery.orderIds = new Set();
    const delivery = query.delivery;
    if (delivery) storeQuery.where = (o) => inDeliveryWindow(o.order.fulfillment?.deliverByWindow, delivery);
    const page = state.orders.search(caller.sellerId, storeQuery, cursor, limit);
    const access = v0Access(ctx);
    const payload: Record<string, unknown> = { Orders: page.orders.map((o) => v0Order(o, access)) };
    if (page.last) {
      const next: TokenState = {
        operation: 'getOrders',
        sellerId: caller.sellerId,
        query,
        cursor: page.last,
        pageSize: limit,
      };
      payload.NextToken = state.pagination.encode(next);
    }
    payload[query.by === 'created' ? 'CreatedBefore' : 'LastUpdatedBefore'] = isoSeconds(query.beforeMs);
    return { body: payload };
  },
};

function buildQuery(
  ctx: Parameters<OperationDefinition['handle']>[0],
  marketplaceIds: string[],
): SerializedQuery {
  const sellerOrderId = str(ctx, 'SellerOrderId');
  if (sellerOrderId !== undefined) {
    for (const name of NOT_WITH_SELLER_ORDER_ID) {
      if (ctx.params[name] !== undefined) {
        throw invalidInput(`'${name}' cannot be combined with 'SellerOrderId'.`);
      }
    }
  }
  const ids = list(ctx, 'AmazonOrderIds');
  for (const id of ids ?? []) {
    if (!ORDER_ID_PATTERN.test(id)) {
      throw invalidInput(
        `Invalid value '${id}' for parameter 'AmazonOrderIds': expected ids like 123-1234567-1234567.`,
      );
    }
  }
  const values = {
    createdAfter: str(ctx, 'CreatedAfter'),
    createdBefore: str(ctx, 'CreatedBefore'),
    lastUpdatedAfter: str(ctx, 'LastUpdatedAfter'),
    lastUpdatedBefore: str(ctx, 'LastUpdatedBefore'),
  };
  // A lookup by AmazonOrderIds alone needs no window; it still hides orders newer than two minutes.
  const window =
    ids && values.createdAfter === undefined && values.lastUpdatedAfter === undefined
      ? resolveWindow({ ...values, createdAfter: '1970-01-01T00:00:00Z' }, NAMES, ctx.now)
      : resolveWindow(values, NAMES, ctx.now);
  const query: SerializedQuery = {
    by: window.by,
    afterMs: window.afterMs,
    beforeMs: window.beforeMs,
    marketplaceIds,
  };
  const statuses = list(ctx, 'OrderStatuses');
  if (statuses) {
    query.statuses = statuses.map((s) => {
      const mapped = V0_STATUS_TO_2026[s];
      if (s === 'InvoiceUnconfirmed') return 'INVOICE_UNCONFIRMED';
      if (!mapped) {
        throw invalidInput(
          `Invalid value '${s}' for parameter 'OrderStatuses'. Valid values: ${[...Object.keys(V0_STATUS_TO_2026), 'InvoiceUnconfirmed'].join(', ')}.`,
        );
      }
      return mapped;
    });
  }
  const channels = list(ctx, 'FulfillmentChannels');
  if (channels) {
    query.fulfilledBy = channels.map((c) => {
      const mapped = CHANNELS[c];
      if (!mapped)
        throw invalidInput(
          `Invalid value '${c}' for parameter 'FulfillmentChannels'. Valid values: AFN, MFN.`,
        );
      return mapped;
    });
  }
  const payments = list(ctx, 'PaymentMethods');
  if (payments) {
    for (const p of payments) {
      if (!PAYMENT_METHODS.includes(p)) {
        throw invalidInput(
          `Invalid value '${p}' for parameter 'PaymentMethods'. Valid values: COD, CVS, Other.`,
        );
      }
    }
    query.paymentMethods = payments;
  }
  if (ids) query.orderIds = ids;
  if (sellerOrderId !== undefined) query.sellerOrderId = sellerOrderId;
  const email = str(ctx, 'BuyerEmail');
  if (email !== undefined) query.buyerEmail = email;
  if (NEVER_MATCHED.some((name) => ctx.params[name] !== undefined) || ctx.params.IsISPU === true)
    query.matchesNothing = true;
  const bounds: DeliveryBounds = {};
  for (const [key, name] of Object.entries(DELIVERY_FILTERS) as [keyof DeliveryBounds, string][]) {
    const raw = str(ctx, name);
    if (raw === undefined) continue;
    const ms = parseIsoTime(raw);
    if (ms === undefined)
      throw invalidInput(`Invalid value '${raw}' for parameter '${name}': expected an ISO 8601 date-time.`);
    bounds[key] = ms;
  }
  if (Object.keys(bounds).length > 0) query.delivery = bounds;
  return query;
}

function inDeliveryWindow(
  window: { earliestDateTime?: string; latestDateTime?: string } | undefined,
  bounds: DeliveryBounds,
): boolean {
  const { earliestAfter, earliestBefore, latestAfter, latestBefore } = bounds;
  const earliest = window?.earliestDateTime ? Date.parse(window.earliestDateTime) : undefined;
  const latest = window?.latestDateTime ? Date.parse(window.latestDateTime) : undefined;
  if (earliestAfter !== undefined || earliestBefore !== undefined) {
    if (earliest === undefined) return false;
    if (earliestAfter !== undefined && earliest < earliestAfter) return false;
    if (earliestBefore !== undefined && earliest > earliestBefore) return false;
  }
  if (latestAfter !== undefined || latestBefore !== undefined) {
    if (latest === undefined) return false;
    if (latestAfter !== undefined && latest < latestAfter) return false;
    if (latestBefore !== undefined && latest > latestBefore) return false;
  }
  return true;
}
