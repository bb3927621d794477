import type { Kysely, Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Database } from '../store/schema.js';
import { type Clock, realClock } from '../time/clock.js';
import { type CheckedFields, checkFields } from './check-fields.js';
import { idempotencyKey } from './idempotency-key.js';
import { enqueuePackages } from './shipment-queue.js';
import type { PackageItem, ShipmentFieldError, ShipmentInput, ShipmentStatus } from './shipment-types.js';
import { notShippableReason } from './shippable.js';

/** What `createShipments` is asked to store. */
export interface CreateShipmentsInput {
  /** One entry per package; entries of one order become one shipment. */
  readonly shipments: readonly ShipmentInput[];
  /** Where the request came from. @default 'api' */
  readonly source?: 'cli' | 'file' | 'api';
  /** Store the valid entries even when others are invalid (those are reported, not stored). @default false */
  readonly skipInvalid?: boolean;
  /** How the packages go to Amazon: one confirmShipment each, or one fulfillment feed. @default 'confirmShipment' */
  readonly via?: 'confirmShipment' | 'feed';
}

/** Where `createShipments` runs. */
export interface CreateShipmentsOptions {
  /** @default realClock */
  readonly clock?: Clock;
  /**
   * A started pg-boss: a job per package is queued in the same transaction (the outbox), for `csm serve`'s
   * workers. Without it the rows wait for whoever sends them (`sendPackages`, or the serve's sweep).
   */
  readonly boss?: PgBoss;
}

/** One stored (or found again) package of the input at `index`. */
export interface CreatedPackage {
  readonly index: number;
  readonly shipmentId: string;
  readonly packageId: string;
  readonly orderId: string;
  readonly packageReferenceId: string;
  /** The same request was stored before: nothing new was stored. */
  readonly existing: boolean;
  readonly status: ShipmentStatus;
}

export type CreateShipmentsResult =
  | {
      readonly ok: true;
      readonly packages: CreatedPackage[];
      /** The entries left out with `skipInvalid`. */
      readonly invalid: ShipmentFieldError[];
    }
  | { readonly ok: false; readonly errors: ShipmentFieldError[] };

interface OrderRow {
  account_id: string;
  account: string;
  order_id: string;
  marketplace_id: string | null;
  status: string | null;
  fulfilled_by: string | null;
  created_time: Date;
  raw: Record<string, unknown>;
}

interface Accepted {
  index: number;
  order: OrderRow;
  fields: CheckedFields;
  items: PackageItem[];
  key: string;
}

class Invalid extends Error {
  constructor(readonly errors: ShipmentFieldError[]) {
    super('invalid shipments');
  }
}

/**
 * Checks every entry against its stored order and stores the valid ones, all in one transaction: the
 * order (and account) must be stored, seller-fulfilled and Unshipped or PartiallyShipped, each item of
 * the order, each quantity within what is neither shipped nor already on its way (other packages count,
 * those of this input too), the carrier one of Amazon's codes (or Other with a name), the tracking number
 * and date well-formed. Nothing is stored when an entry is invalid, unless `skipInvalid`. An entry equal to
 * a stored package (account, order, tracking number, items) finds that package again (`existing`).
 */
export async function createShipments(
  store: { readonly db: Kysely<Database> },
  input: CreateShipmentsInput,
  options: CreateShipmentsOptions = {},
): Promise<CreateShipmentsResult> {
  const clock = options.clock ?? realClock;
  try {
    return await store.db.transaction().execute(async (trx) => {
      const result = await storeShipments(trx, input, clock.now());
      const fresh = result.packages.filter((p) => !p.existing).map((p) => p.packageId);
      if (options.boss && fresh.length > 0) await enqueuePackages(options.boss, trx, fresh);
      return result;
    });
  } catch (error) {
    if (error instanceof Invalid) return { ok: false, errors: error.errors };
    throw error;
  }
}

async function storeShipments(
  trx: Transaction<Database>,
  input: CreateShipmentsInput,
  nowMs: number,
): Promise<CreateShipmentsResult & { ok: true }> {
  const errors: ShipmentFieldError[] = [];
  const checked = input.shipments.map((entry, index) =>
    checkFields(entry, nowMs, (field, message) => errors.push({ index, field, message })),
  );
  const orderIds = [...new Set(checked.flatMap((c) => (c ? [c.orderId] : [])))];
  const orders = await loadOrders(trx, orderIds);
  const items =
    orderIds.length === 0
      ? []
      : await trx
          .selectFrom('order_items')
          .select(['account_id', 'order_id', 'order_item_id', 'quantity_ordered', 'quantity_shipped'])
          .where('order_id', 'in', orderIds)
          .execute();
  const packages =
    orderIds.length === 0
      ? []
      : await trx
          .selectFrom('shipment_packages')
          .select([
            'id',
            'shipment_id',
            'account_id',
            'order_id',
            'idempotency_key',
            'items',
            'status',
            'package_reference_id',
          ])
          .where('order_id', 'in', orderIds)
          .execute();
  const byKey = new Map(packages.map((p) => [p.idempotency_key, p]));

  // Units of each item that are shipped, or on their way in a package not failed: `${account} ${item}`.
  const taken = new Map<string, number>();
  const confirmed = new Map<string, number>();
  for (const p of packages) {
    if (p.status === 'failed') continue;
    for (const item of p.items) {
      const key = `${p.account_id} ${p.order_id} ${item.orderItemId}`;
      const into = p.status === 'confirmed' ? confirmed : taken;
      into.set(key, (into.get(key) ?? 0) + item.quantity);
    }
  }
  const itemsOf = new Map<string, typeof items>();
  for (const item of items) {
    const key = `${item.account_id} ${item.order_id}`;
    itemsOf.set(key, [...(itemsOf.get(key) ?? []), item]);
  }
  const available = (
    accountId: string,
    orderId: string,
    orderItemId: string,
    ordered: number,
    shipped: number,
  ) => {
    const key = `${accountId} ${orderId} ${orderItemId}`;
    return ordered - Math.max(shipped, confirmed.get(key) ?? 0) - (taken.get(key) ?? 0);
  };

  const found: CreatedPackage[] = [];
  const accepted: Accepted[] = [];
  const acceptedKeys = new Map<string, number>();
  checked.forEach((fields, index) => {
    if (!fields) return;
    const entry = input.shipments[index];
    const problem = (field: string, message: string) => errors.push({ index, field, message });
    const account = entry?.account?.trim() || undefined;
    const candidates = orders.filter(
      (o) => o.order_id === fields.orderId && (account === undefined || o.account === account),
    );
    if (candidates.length === 0) {
      problem(
        account === undefined ? 'orderId' : 'account',
        account === undefined
          ? `order ${fields.orderId} is not in the store: check the id, or sync first (csm sync)`
          : `order ${fields.orderId} is not stored for account ${account}: check both (csm orders show ${fields.orderId})`,
      );
      return;
    }
    if (candidates.length > 1) {
      problem(
        'account',
        `order ${fields.orderId} is stored for several accounts (${candidates.map((c) => c.account).join(', ')}): name one with --account`,
      );
      return;
    }
    const order = candidates[0] as OrderRow;
    const key = idempotencyKey(order.account_id, order.order_id, fields.trackingNumber, fields.items);
    const stored = byKey.get(key);
    if (stored) {
      found.push({
        index,
        shipmentId: stored.shipment_id,
        packageId: stored.id,
        orderId: order.order_id,
        packageReferenceId: stored.package_reference_id,
        existing: true,
        status: stored.status,
      });
      return;
    }
    if (acceptedKeys.has(key)) {
      problem('trackingNumber', `repeats entry ${(acceptedKeys.get(key) ?? 0) + 1}: the same package twice`);
      return;
    }
    const reason = notShippableReason(order.order_id, order.fulfilled_by, order.status, order.account);
    if (reason) {
      problem('orderId', reason);
      return;
    }
    if (fields.shipMs < order.created_time.getTime() - 86_400_000) {
      problem(
        'shipDate',
        `ship date ${new Date(fields.shipMs).toISOString()} is before the order was placed (${order.created_time.toISOString()})`,
      );
      return;
    }
    const lines = itemsOf.get(`${order.account_id} ${order.order_id}`) ?? [];
    let packageItems: PackageItem[];
    if (fields.items) {
      packageItems = [];
      for (const item of fields.items) {
        const line = lines.find((l) => l.order_item_id === item.orderItemId);
        if (!line) {
          problem(
            'items',
            `item ${item.orderItemId} is not in order ${order.order_id}: its items are ${lines.map((l) => l.order_item_id).join(', ') || 'not stored'}`,
          );
          continue;
        }
        const left = available(
          order.account_id,
          order.order_id,
          item.orderItemId,
          line.quantity_ordered,
          line.quantity_shipped ?? 0,
        );
        if (item.quantity > left) {
          problem(
            'items',
            `item ${item.orderItemId}: quantity ${item.quantity} is more than the ${Math.max(0, left)} of ` +
              `${line.quantity_ordered} ordered that are neither shipped nor in another package`,
          );
          continue;
        }
        packageItems.push(item);
      }
      if (packageItems.length !== fields.items.length) return;
    } else {
      packageItems = lines.flatMap((line) => {
        const left = available(
          order.account_id,
          order.order_id,
          line.order_item_id,
          line.quantity_ordered,
          line.quantity_shipped ?? 0,
        );
        return left > 0 ? [{ orderItemId: line.order_item_id, quantity: left }] : [];
      });
      if (packageItems.length === 0) {
        problem(
          'items',
          `order ${order.order_id} has no unit left to ship: every one is shipped or in another package (csm ship --list ${order.order_id})`,
        );
        return;
      }
    }
    for (const item of packageItems) {
      const takenKey = `${order.account_id} ${order.order_id} ${item.orderItemId}`;
      taken.set(takenKey, (taken.get(takenKey) ?? 0) + item.quantity);
    }
    acceptedKeys.set(key, index);
    accepted.push({ index, order, fields, items: packageItems, key });
  });
  if (errors.length > 0 && !input.skipInvalid) throw new Invalid(errors);

  const created = await insertPackages(trx, accepted, packages, input, nowMs);
  const all = [...found, ...created].sort((a, b) => a.index - b.index);
  return { ok: true, packages: all, invalid: errors };
}

async function loadOrders(trx: Transaction<Database>, orderIds: readonly string[]): Promise<OrderRow[]> {
  if (orderIds.length === 0) return [];
  // Locked: two requests for one order take turns, so they cannot both take its last units.
  return (await trx
    .selectFrom('orders')
    .innerJoin('accounts', 'accounts.id', 'orders.account_id')
    .select([
      'orders.account_id',
      'accounts.name as account',
      'orders.order_id',
      'orders.marketplace_id',
      'orders.status',
      'orders.fulfilled_by',
      'orders.created_time',
      'orders.raw',
    ])
    .where('orders.order_id', 'in', orderIds)
    .forUpdate('orders')
    .execute()) as OrderRow[];
}

async function insertPackages(
  trx: Transaction<Database>,
  accepted: readonly Accepted[],
  existing: readonly { account_id: string; order_id: string; package_reference_id: string }[],
  input: CreateShipmentsInput,
  nowMs: number,
): Promise<CreatedPackage[]> {
  const now = new Date(nowMs);
  const groups = new Map<string, Accepted[]>();
  for (const a of accepted) {
    const key = `${a.order.account_id} ${a.order.order_id}`;
    groups.set(key, [...(groups.get(key) ?? []), a]);
  }
  const out: CreatedPackage[] = [];
  for (const group of groups.values()) {
    const order = (group[0] as Accepted).order;
    // Amazon wants a positive number, unique within the order: after every one csm or Amazon knows of.
    let reference = highestReference(order, existing);
    const shipment = await trx
      .insertInto('shipments')
      .values({
        account_id: order.account_id,
        order_id: order.order_id,
        marketplace_id: order.marketplace_id ?? '',
        source: input.source ?? 'api',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const a of group) {
      reference += 1;
      const row = await trx
        .insertInto('shipment_packages')
        .values({
          shipment_id: shipment.id,
          account_id: order.account_id,
          order_id: order.order_id,
          package_reference_id: String(reference),
          idempotency_key: a.key,
          carrier_code: a.fields.carrierCode,
          carrier_name: a.fields.carrierName,
          tracking_number: a.fields.trackingNumber,
          ship_date: new Date(a.fields.shipMs),
          shipping_method: a.fields.method,
          items: JSON.stringify(a.items),
          via: input.via ?? 'confirmShipment',
          next_attempt_at: now,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      out.push({
        index: a.index,
        shipmentId: shipment.id,
        packageId: row.id,
        orderId: order.order_id,
        packageReferenceId: String(reference),
        existing: false,
        status: 'pending',
      });
    }
  }
  return out;
}

function highestReference(
  order: OrderRow,
  existing: readonly { account_id: string; order_id: string; package_reference_id: string }[],
): number {
  let highest = 0;
  const consider = (ref: unknown) => {
    const n = Number(ref);
    if (Number.isSafeInteger(n) && n > highest) highest = n;
  };
  for (const p of existing) {
    if (p.account_id === order.account_id && p.order_id === order.order_id) consider(p.package_reference_id);
  }
  const amazonPackages = order.raw.packages;
  if (Array.isArray(amazonPackages)) {
    for (const p of amazonPackages) consider((p as { packageReferenceId?: unknown }).packageReferenceId);
  }
  return highest;
}
