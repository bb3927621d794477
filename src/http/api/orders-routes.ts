import { type Kysely, type Selectable, sql } from 'kysely';
import { ackOrders, piiReader, readOrder, UnknownOrdersError } from '../../orders/index.js';
import type { Database, OrdersTable } from '../../store/schema.js';
import { realClock } from '../../time/clock.js';
import { audit } from '../auth/audit-log.js';
import type { HttpPlugin } from '../http-deps.js';
import { HttpError } from '../http-error.js';
import { decodeCursor, encodeCursor } from './order-cursor.js';
import { errorResponses, nullableString, ORDER_SUMMARY_SCHEMA } from './schemas.js';
import { principalOf, visibleAccountIds } from './visible-accounts.js';

/** Orders per page unless `limit` says otherwise, and the most it may say. */
export const ORDERS_PAGE = { default: 50, max: 500 } as const;

const HOLDING = ['new', 'exported', 'error', 'complete'] as const;

interface ListQuery {
  account?: string;
  status?: string;
  holding?: (typeof HOLDING)[number];
  fulfillment?: 'AFN' | 'MFN';
  marketplace?: string;
  q?: string;
  updatedSince?: string;
  limit?: number;
  cursor?: string;
}

/**
 * `GET /orders` (filters, keyset pagination newest update first), `GET /orders/{orderId}` (items, buyer and
 * recipient masked unless `?reveal=pii` by a principal with the pii permission; each reveal audit-logged),
 * `POST /orders/ack` (holding status, as `csm orders ack`).
 */
export const ordersRoutes: HttpPlugin = async (app, deps) => {
  const clock = deps.clock ?? realClock;

  app.get(
    '/orders',
    {
      schema: {
        tags: ['orders'],
        summary: 'Stored orders, last updated first, a page at a time',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            account: { type: 'string', maxLength: 64, description: 'an account’s name' },
            status: {
              type: 'string',
              pattern: '^[A-Z_]{1,40}$',
              description: 'Amazon’s status, e.g. SHIPPED',
            },
            holding: { type: 'string', enum: [...HOLDING] },
            fulfillment: { type: 'string', enum: ['AFN', 'MFN'] },
            marketplace: { type: 'string', pattern: '^[A-Z0-9]{1,20}$' },
            q: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
              description: 'order id or seller order id prefix',
            },
            updatedSince: { type: 'string', format: 'date-time' },
            limit: { type: 'integer', minimum: 1, maximum: ORDERS_PAGE.max, default: ORDERS_PAGE.default },
            cursor: { type: 'string', maxLength: 512, description: 'nextCursor of the previous page' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['orders', 'nextCursor'],
            properties: {
              orders: { type: 'array', items: ORDER_SUMMARY_SCHEMA },
              nextCursor: {
                ...nullableString,
                description: 'pass as cursor for the next page; null: no more',
              },
            },
          },
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const query = request.query as ListQuery;
      const principal = principalOf(request);
      const accountIds = await visibleAccountIds(deps.db, principal, query.account);
      const limit = query.limit ?? ORDERS_PAGE.default;
      const rows = await listPage(deps.db, query, accountIds, limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        orders: page.map(summary),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor({
                updated: last.cursor_updated,
                accountId: last.account_id,
                orderId: last.order_id,
              })
            : null,
      };
    },
  );

  app.get(
    '/orders/:orderId',
    {
      schema: {
        tags: ['orders'],
        summary: 'One order with its items; buyer and recipient masked unless revealed',
        params: {
          type: 'object',
          required: ['orderId'],
          properties: { orderId: { type: 'string', minLength: 1, maxLength: 64 } },
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            account: {
              type: 'string',
              maxLength: 64,
              description: 'when two stored accounts share the order',
            },
            reveal: {
              type: 'string',
              enum: ['pii'],
              description: 'show buyer and recipient (pii permission; audit-logged)',
            },
          },
        },
        response: { 200: ORDER_DETAIL_SCHEMA, ...errorResponses(400, 403, 404, 409) },
      },
    },
    async (request) => {
      const { orderId } = request.params as { orderId: string };
      const query = request.query as { account?: string; reveal?: 'pii' };
      const principal = principalOf(request);
      const reveal = query.reveal === 'pii';
      if (reveal && !principal.pii) {
        throw new HttpError(
          'FORBIDDEN',
          `${principal.name} may not see buyer data: it needs the pii permission`,
        );
      }
      if (reveal && !deps.vault) {
        throw new HttpError('CONFLICT', 'buyer data cannot be opened: this server runs without the vault');
      }
      const accountIds = await visibleAccountIds(deps.db, principal, query.account);
      const pii = reveal && deps.vault ? piiReader(deps.db, deps.vault) : undefined;
      const record = (await readOrder(deps.db, orderId, pii)).find(
        (r) => accountIds === null || accountIds.includes(r.accountId),
      );
      if (!record) throw new HttpError('NOT_FOUND', `no stored order ${orderId}`);
      const { row, order } = record;
      const stored = await deps.db
        .selectFrom('order_pii')
        .select('order_id')
        .where('account_id', '=', record.accountId)
        .where('order_id', '=', orderId)
        .executeTakeFirst();
      const piiState = stored ? (reveal ? 'revealed' : 'masked') : row.pii_deleted_at ? 'deleted' : 'none';
      if (reveal && stored) {
        await audit(
          deps.db,
          principal,
          { action: 'pii.reveal', accountId: record.accountId, orderId },
          new Date(clock.now()),
        );
      }
      const { buyer, recipient, orderItems, ...rest } = order;
      const revealed = piiState === 'revealed';
      return {
        order: {
          ...summary({ ...row, account_name: record.accountName, cursor_updated: '' }),
          pii: piiState,
          buyer: revealed ? (buyer ?? null) : stored ? MASKED : null,
          recipient: revealed ? (recipient ?? null) : stored ? MASKED : null,
          items: record.items.map((item) => {
            const amazon = orderItems.find((o) => o.orderItemId === item.order_item_id);
            return {
              orderItemId: item.order_item_id,
              asin: item.asin,
              sellerSku: item.seller_sku,
              title: item.title,
              quantityOrdered: item.quantity_ordered,
              quantityShipped: item.quantity_shipped,
              unitPrice: item.unit_price,
              currency: item.currency,
              ...(revealed && amazon ? { amazon } : {}),
            };
          }),
          amazon: rest,
        },
      };
    },
  );

  app.post(
    '/orders/ack',
    {
      schema: {
        tags: ['orders'],
        summary: 'Set the holding status of orders (the ERP hand-off), all or none',
        body: {
          type: 'object',
          required: ['orderIds', 'status'],
          properties: {
            orderIds: {
              type: 'array',
              minItems: 1,
              maxItems: 500,
              items: { type: 'string', minLength: 1, maxLength: 64 },
            },
            status: { type: 'string', enum: [...HOLDING] },
            note: { type: 'string', maxLength: 500 },
            _csrf: { type: 'string' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['orderIds', 'status'],
            properties: {
              orderIds: { type: 'array', items: { type: 'string' } },
              status: { type: 'string', enum: [...HOLDING] },
            },
          },
          ...errorResponses(400, 403, 404),
        },
      },
    },
    async (request) => {
      const body = request.body as { orderIds: string[]; status: (typeof HOLDING)[number]; note?: string };
      const principal = principalOf(request);
      try {
        const changed = await ackOrders(deps.db, body.orderIds, body.status, {
          note: body.note,
          now: clock.now(),
          ...(principal.accountIds ? { accountIds: principal.accountIds } : {}),
        });
        return { orderIds: changed, status: body.status };
      } catch (error) {
        if (error instanceof UnknownOrdersError) {
          throw new HttpError(
            'NOT_FOUND',
            `no stored order has the id ${error.orderIds.join(', ')}: nothing was changed`,
            {
              field: 'orderIds',
            },
          );
        }
        throw error;
      }
    },
  );
};

/** Buyer and recipient of an order whose data is stored but not revealed. */
const MASKED = { masked: true } as const;

type ListRow = Selectable<OrdersTable> & { account_name: string; cursor_updated: string };

/** One page by keyset: newest update first, then account and order id, from just after the cursor. */
async function listPage(
  db: Kysely<Database>,
  query: ListQuery,
  accountIds: readonly string[] | null,
  limit: number,
): Promise<ListRow[]> {
  let select = db
    .selectFrom('orders')
    .innerJoin('accounts', 'accounts.id', 'orders.account_id')
    .selectAll('orders')
    .select([
      'accounts.name as account_name',
      sql<string>`orders.last_updated_time::text`.as('cursor_updated'),
    ]);
  if (accountIds !== null) {
    if (accountIds.length === 0) return [];
    select = select.where('orders.account_id', 'in', accountIds);
  }
  if (query.status) select = select.where('orders.status', '=', query.status);
  if (query.holding) select = select.where('orders.holding', '=', query.holding);
  if (query.fulfillment)
    select = select.where('orders.fulfilled_by', '=', query.fulfillment === 'AFN' ? 'AMAZON' : 'MERCHANT');
  if (query.marketplace) select = select.where('orders.marketplace_id', '=', query.marketplace);
  if (query.updatedSince)
    select = select.where('orders.last_updated_time', '>=', new Date(query.updatedSince));
  if (query.q) {
    const prefix = `${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    select = select.where((eb) =>
      eb.or([eb('orders.order_id', 'like', prefix), eb('orders.seller_order_id', 'like', prefix)]),
    );
  }
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    select = select.where(
      sql<boolean>`(orders.last_updated_time, orders.account_id, orders.order_id) < (${c.updated}::timestamptz, ${c.accountId}::uuid, ${c.orderId})`,
    );
  }
  return select
    .orderBy('orders.last_updated_time', 'desc')
    .orderBy('orders.account_id', 'desc')
    .orderBy('orders.order_id', 'desc')
    .limit(limit)
    .execute();
}

function summary(r: ListRow) {
  return {
    orderId: r.order_id,
    account: r.account_name,
    marketplaceId: r.marketplace_id,
    status: r.status,
    fulfillment: r.fulfilled_by === 'AMAZON' ? 'AFN' : r.fulfilled_by === 'MERCHANT' ? 'MFN' : null,
    holding: r.holding,
    holdingNote: r.holding_note,
    createdTime: r.created_time.toISOString(),
    lastUpdatedTime: r.last_updated_time.toISOString(),
    total: r.order_total,
    currency: r.currency,
    itemLines: r.item_lines,
    units: r.units,
    isPrime: r.is_prime,
    isBusiness: r.is_business,
    shipCountry: r.ship_country,
    shipBy: r.ship_by?.toISOString() ?? null,
  };
}

const PII_SCHEMA = {
  description: 'null: none stored; { masked: true } until revealed; Amazon’s object when revealed',
  type: ['object', 'null'],
  additionalProperties: true,
} as const;

const ORDER_DETAIL_SCHEMA = {
  type: 'object',
  required: ['order'],
  properties: {
    order: {
      type: 'object',
      required: [...ORDER_SUMMARY_SCHEMA.required, 'pii', 'items'],
      properties: {
        ...ORDER_SUMMARY_SCHEMA.properties,
        pii: {
          type: 'string',
          enum: ['none', 'masked', 'revealed', 'deleted'],
          description: 'deleted: removed after its retention',
        },
        buyer: PII_SCHEMA,
        recipient: PII_SCHEMA,
        items: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              orderItemId: { type: 'string' },
              asin: nullableString,
              sellerSku: nullableString,
              title: nullableString,
              quantityOrdered: { type: 'integer' },
              quantityShipped: { type: ['integer', 'null'] },
              unitPrice: nullableString,
              currency: nullableString,
              amazon: {
                type: 'object',
                additionalProperties: true,
                description: 'with gift message and customization (revealed only)',
              },
            },
          },
        },
        amazon: {
          type: 'object',
          additionalProperties: true,
          description: 'the order in Amazon’s Orders 2026-01-01 shape, without buyer, recipient and items',
        },
      },
    },
  },
} as const;
