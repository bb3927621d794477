import { AccountRepository } from '../../accounts/account-repository.js';
import { createStoreRateLimitStore } from '../../accounts/rate-limit-store.js';
import {
  type CatalogContext,
  describeFailure,
  isCatalogError,
  setPrice,
  setStock,
} from '../../catalog/index.js';
import {
  createShipments,
  listShipments,
  retryShipment,
  SHIPMENT_STATUSES,
  type ShipmentInput,
  type ShipmentStatus,
} from '../../fulfillment/index.js';
import { isCsmApiError } from '../../sp-api/index.js';
import { realClock } from '../../time/clock.js';
import type { Principal } from '../auth/principal.js';
import type { HttpDeps, HttpPlugin } from '../http-deps.js';
import { HttpError } from '../http-error.js';
import { errorResponses } from './schemas.js';
import { principalOf, visibleAccountIds } from './visible-accounts.js';

const SHIPMENT_FIELDS = {
  account: {
    type: 'string',
    minLength: 1,
    maxLength: 64,
    description: 'needed only when the order id is stored under several accounts',
  },
  orderId: { type: 'string', minLength: 1, maxLength: 64 },
  carrier: {
    type: 'string',
    minLength: 1,
    maxLength: 64,
    description: "one of Amazon's carrier codes, or Other with carrierName",
  },
  carrierName: { type: 'string', maxLength: 128 },
  trackingNumber: { type: 'string', minLength: 1, maxLength: 64 },
  shipDate: {
    type: 'string',
    maxLength: 40,
    description: 'YYYY-MM-DD or an ISO 8601 time with its zone; default now',
  },
  method: { type: 'string', maxLength: 64 },
  items: {
    type: 'array',
    minItems: 1,
    maxItems: 500,
    description: 'default: every unit of the order not yet shipped or on its way',
    items: {
      type: 'object',
      required: ['orderItemId', 'quantity'],
      additionalProperties: false,
      properties: {
        orderItemId: { type: 'string', minLength: 1, maxLength: 64 },
        quantity: { type: 'integer', minimum: 1 },
      },
    },
  },
} as const;

const PACKAGE_INPUT = {
  type: 'object',
  required: ['orderId', 'carrier', 'trackingNumber'],
  additionalProperties: false,
  properties: SHIPMENT_FIELDS,
} as const;

/** A stored shipment, as `listShipments` shows it (see src/fulfillment/shipment-types.ts). */
const SHIPMENT_SCHEMA = {
  type: 'object',
  required: ['id', 'account', 'orderId', 'status', 'packages'],
  additionalProperties: true,
  properties: {
    id: { type: 'string' },
    account: { type: 'string' },
    orderId: { type: 'string' },
    marketplaceId: { type: 'string' },
    status: { type: 'string', enum: [...SHIPMENT_STATUSES] },
    failureReason: { type: ['string', 'null'] },
    source: { type: 'string' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
    packages: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

const UPDATE_OUTCOME_SCHEMA = {
  type: 'object',
  required: ['account', 'marketplaceId', 'sku', 'status'],
  additionalProperties: true,
  properties: {
    account: { type: 'string' },
    marketplaceId: { type: 'string' },
    sku: { type: 'string' },
    status: { type: 'string', description: "Amazon's answer: ACCEPTED, or INVALID with issues" },
    submissionId: { type: 'string' },
    issues: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

/**
 * Write-back over HTTP: shipments (stored in the outbox, sent by `csm serve`'s shipment workers), and stock
 * and price updates (sent at once, Amazon's answer returned), each limited to the accounts the caller may see.
 */
export const writebackRoutes: HttpPlugin = async (app, deps) => {
  const clock = deps.clock ?? realClock;

  app.post(
    '/shipments',
    {
      schema: {
        tags: ['shipments'],
        summary:
          'Confirm shipments: one package, or { shipments: [...] }; stored first (all or none) and sent to Amazon by the shipment workers',
        body: {
          type: 'object',
          properties: {
            ...SHIPMENT_FIELDS,
            shipments: { type: 'array', minItems: 1, maxItems: 500, items: PACKAGE_INPUT },
            _csrf: { type: 'string' },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['shipments'],
            properties: { shipments: { type: 'array', items: SHIPMENT_SCHEMA } },
          },
          ...errorResponses(400, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const body = request.body as Partial<ShipmentInput> & { shipments?: ShipmentInput[]; _csrf?: string };
      const batch = body.shipments !== undefined;
      const inputs: ShipmentInput[] = batch ? (body.shipments ?? []) : [packageOf(body)];
      const fieldName = (index: number, field: string) => (batch ? `shipments[${index}].${field}` : field);
      await checkOrdersVisible(deps, principalOf(request).accountIds, inputs, fieldName);
      const result = await createShipments({ db: deps.db }, { shipments: inputs, source: 'api' }, { clock });
      if (!result.ok) {
        const [first] = result.errors;
        const field = first ? fieldName(first.index, first.field) : undefined;
        throw new HttpError(
          'VALIDATION_FAILED',
          result.errors.map((e) => `${fieldName(e.index, e.field)}: ${e.message}`).join('; '),
          field === undefined ? {} : { field },
        );
      }
      const shipments = await listShipments(
        { db: deps.db },
        { ids: [...new Set(result.packages.map((p) => p.shipmentId))], limit: 500 },
      );
      return reply.code(201).send({ shipments });
    },
  );

  app.get(
    '/shipments',
    {
      schema: {
        tags: ['shipments'],
        summary: 'Stored shipments with their packages, the newest change first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            account: { type: 'string', minLength: 1, maxLength: 64 },
            orderId: { type: 'string', minLength: 1, maxLength: 64 },
            status: { type: 'string', enum: [...SHIPMENT_STATUSES] },
            limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['shipments'],
            properties: { shipments: { type: 'array', items: SHIPMENT_SCHEMA } },
          },
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const q = request.query as {
        account?: string;
        orderId?: string;
        status?: ShipmentStatus;
        limit: number;
      };
      const principal = principalOf(request);
      const visible = await visibleAccountIds(deps.db, principal, q.account);
      const names = visible === null ? null : await accountNames(deps, visible);
      const shipments = await listShipments(
        { db: deps.db },
        {
          ...(q.account === undefined ? {} : { account: q.account }),
          ...(q.orderId === undefined ? {} : { orderId: q.orderId }),
          ...(q.status === undefined ? {} : { status: q.status }),
          limit: q.limit,
        },
      );
      return { shipments: names === null ? shipments : shipments.filter((s) => names.has(s.account)) };
    },
  );

  app.post(
    '/shipments/:id/retry',
    {
      schema: {
        tags: ['shipments'],
        summary: "Send a shipment's failed packages again (a shipment id or one package's id)",
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['shipment', 'retried'],
            properties: { shipment: SHIPMENT_SCHEMA, retried: { type: 'array', items: { type: 'string' } } },
          },
          ...errorResponses(403, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const principal = principalOf(request);
      const [found] = await listShipments({ db: deps.db }, { ids: [id], limit: 1 });
      const names = principal.accountIds === null ? null : await accountNames(deps, principal.accountIds);
      if (!found || (names !== null && !names.has(found.account))) {
        throw new HttpError('NOT_FOUND', `no shipment or package has the id '${id}'`, { field: 'id' });
      }
      const retried = await retryShipment({ db: deps.db }, id, { clock });
      if (!retried)
        throw new HttpError('NOT_FOUND', `no shipment or package has the id '${id}'`, { field: 'id' });
      return retried;
    },
  );

  const listingTarget = {
    account: { type: 'string', minLength: 1, maxLength: 64, description: 'default: the only seller account' },
    marketplaceId: {
      type: 'string',
      minLength: 1,
      maxLength: 32,
      description: "default: the account's only marketplace",
    },
    sku: { type: 'string', minLength: 1, maxLength: 40 },
    _csrf: { type: 'string' },
  } as const;

  app.post(
    '/stock',
    {
      schema: {
        tags: ['catalog'],
        summary:
          "Set a SKU's seller-fulfilled quantity at Amazon (patchListingsItem); Amazon's answer is returned",
        body: {
          type: 'object',
          required: ['sku', 'quantity'],
          additionalProperties: false,
          properties: { ...listingTarget, quantity: { type: 'integer', minimum: 0, maximum: 2_147_483_647 } },
        },
        response: { 200: UPDATE_OUTCOME_SCHEMA, ...errorResponses(400, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const body = request.body as {
        account?: string;
        marketplaceId?: string;
        sku: string;
        quantity: number;
      };
      const accountName = await allowedAccount(deps, principalOf(request), body.account);
      return catalogAnswer(() =>
        setStock(catalogContext(deps), {
          accountName,
          marketplaceId: body.marketplaceId,
          sku: body.sku,
          quantity: body.quantity,
        }),
      );
    },
  );

  app.post(
    '/prices',
    {
      schema: {
        tags: ['catalog'],
        summary: "Set a SKU's price at Amazon (patchListingsItem), in the marketplace's currency",
        body: {
          type: 'object',
          required: ['sku', 'amount', 'currency'],
          additionalProperties: false,
          properties: {
            ...listingTarget,
            amount: { type: 'string', pattern: '^\\d+(\\.\\d+)?$', description: 'above 0, e.g. "19.99"' },
            currency: { type: 'string', pattern: '^[A-Z]{3}$' },
          },
        },
        response: { 200: UPDATE_OUTCOME_SCHEMA, ...errorResponses(400, 403, 404, 409, 503) },
      },
    },
    async (request) => {
      const body = request.body as {
        account?: string;
        marketplaceId?: string;
        sku: string;
        amount: string;
        currency: string;
      };
      const accountName = await allowedAccount(deps, principalOf(request), body.account);
      return catalogAnswer(() =>
        setPrice(catalogContext(deps), {
          accountName,
          marketplaceId: body.marketplaceId,
          sku: body.sku,
          amount: body.amount,
          currency: body.currency,
        }),
      );
    },
  );
};

function packageOf(body: Partial<ShipmentInput>): ShipmentInput {
  for (const field of ['orderId', 'carrier', 'trackingNumber'] as const) {
    if (typeof body[field] !== 'string') {
      throw new HttpError('VALIDATION_FAILED', `${field} is required (or give a list as shipments)`, {
        field,
      });
    }
  }
  const { account, orderId, carrier, carrierName, trackingNumber, shipDate, method, items } = body;
  return {
    account,
    orderId: orderId!,
    carrier: carrier!,
    carrierName,
    trackingNumber: trackingNumber!,
    shipDate,
    method,
    items,
  };
}

/** A caller limited to some accounts may ship only their orders; others answer as unknown orders. */
async function checkOrdersVisible(
  deps: HttpDeps,
  accountIds: readonly string[] | null,
  inputs: readonly ShipmentInput[],
  fieldName: (index: number, field: string) => string,
): Promise<void> {
  if (accountIds === null) return;
  const orderIds = [...new Set(inputs.map((i) => i.orderId))];
  const rows = await deps.db
    .selectFrom('orders')
    .select(['order_id', 'account_id'])
    .where('order_id', 'in', orderIds)
    .execute();
  inputs.forEach((input, index) => {
    if (!rows.some((r) => r.order_id === input.orderId && accountIds.includes(r.account_id))) {
      throw new HttpError('NOT_FOUND', `no stored order has the id '${input.orderId}'`, {
        field: fieldName(index, 'orderId'),
      });
    }
  });
}

async function accountNames(deps: HttpDeps, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await deps.db.selectFrom('accounts').select('name').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.name));
}

/**
 * The account a stock or price update goes to: the one named (if the caller may see it), or, for a caller
 * limited to one account, that one.
 */
async function allowedAccount(
  deps: HttpDeps,
  principal: Principal,
  name: string | undefined,
): Promise<string | undefined> {
  const accountIds = principal.accountIds;
  if (name !== undefined) {
    await visibleAccountIds(deps.db, principal, name);
    return name;
  }
  if (accountIds === null) return undefined;
  const names = [...(await accountNames(deps, accountIds))];
  if (names.length !== 1) {
    throw new HttpError('VALIDATION_FAILED', 'account: name the account to update', { field: 'account' });
  }
  return names[0];
}

function catalogContext(deps: HttpDeps): CatalogContext {
  if (!deps.vault) {
    throw new HttpError('UNAVAILABLE', "this server has no vault: it cannot open the accounts' credentials");
  }
  return {
    accounts: new AccountRepository(deps.db, deps.vault),
    clock: deps.clock ?? realClock,
    // The store's shared buckets: csm serve's other clients and processes plan against the same ones.
    client: { rateLimitStore: createStoreRateLimitStore(deps.db) },
  };
}

/** Amazon's answer, or the refusal as an API error naming the field (nothing was changed at Amazon). */
async function catalogAnswer<T>(update: () => Promise<T>): Promise<T> {
  try {
    return await update();
  } catch (error) {
    if (isCatalogError(error)) {
      const field =
        error.field === undefined ? {} : { field: error.field === 'accountName' ? 'account' : error.field };
      if (error.code === 'NOT_SUPPORTED') throw new HttpError('CONFLICT', error.message, field);
      if (error.code === 'INVALID_INPUT') throw new HttpError('VALIDATION_FAILED', error.message, field);
      throw new HttpError('NOT_FOUND', error.message, field);
    }
    if (isCsmApiError(error)) throw new HttpError('UNAVAILABLE', describeFailure(error));
    throw error;
  }
}
