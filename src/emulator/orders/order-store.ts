import type { EmulatorCredentials } from '../credentials.js';
import { createPrng, type Prng } from '../prng.js';
import type { Product } from './catalog.js';
import { isoSeconds } from './iso-time.js';
import { OrderFactory } from './order-factory.js';
import type { FulfillmentStatus, StoredOrder } from './order-types.js';

/** The generated history ends this long before start, so a sync right after start sees all of it. */
const HISTORY_END_OFFSET_MS = 10 * 60_000;

/** What a search selects; times are epoch ms, both bounds inclusive. */
export interface OrderQuery {
  by: 'created' | 'lastUpdated';
  afterMs: number;
  beforeMs: number;
  marketplaceIds?: ReadonlySet<string>;
  statuses?: ReadonlySet<FulfillmentStatus>;
  fulfilledBy?: ReadonlySet<string>;
  orderIds?: ReadonlySet<string>;
  sellerOrderId?: string;
  buyerEmail?: string;
  /** Any further condition (v0 delivery-date filters). */
  where?: (order: StoredOrder) => boolean;
}

/** Where the previous page ended: orders sort by (time, orderId). */
export interface OrderCursor {
  /** The sort time (created or lastUpdated, epoch ms) of the last order served. */
  timeMs: number;
  orderId: string;
}

/** A shipment to record on an order (from confirmShipment or from simulated activity). */
interface ShipmentInput {
  packageReferenceId: string;
  carrier: string;
  shippingService?: string;
  trackingNumber: string;
  shipMs: number;
  items: readonly { orderItemId: string; quantity: number }[];
}

/**
 * The one canonical store: every order of every seller in the Orders 2026-01-01 shape. The v0 views are
 * derived from it on each request, so both APIs always agree.
 */
export class OrderStore {
  private readonly bySeller = new Map<string, StoredOrder[]>();
  private readonly byId = new Map<string, StoredOrder>();
  private readonly factory: OrderFactory;
  private readonly activityPrng: Prng;
  private readonly jitter: Prng;

  constructor(
    seed: number,
    private readonly sellers: EmulatorCredentials['sellers'],
  ) {
    this.factory = new OrderFactory(createPrng(seed, 'orders'));
    this.activityPrng = createPrng(seed, 'activity');
    this.jitter = createPrng(seed, 'order-times');
    for (const s of sellers) this.bySeller.set(s.sellerId, []);
  }

  /** Generates `perSeller` orders per seller spread over `days` days ending 10 minutes before `startMs`. */
  generate(perSeller: number, days: number, startMs: number): void {
    const end = startMs - HISTORY_END_OFFSET_MS;
    const span = days * 86_400_000;
    for (const seller of this.sellers) {
      for (let i = 0; i < perSeller; i++) {
        // Evenly spread with jitter, so every day has orders and the newest is close to the end.
        const slot = span / Math.max(1, perSeller);
        const createdMs = end - span + i * slot + Math.floor(this.jitter.next() * slot);
        const plan = this.factory.plan(seller.sellerId, seller.marketplaceIds, Math.min(createdMs, end), end);
        this.add(this.factory.build(plan));
      }
    }
  }

  private add(stored: StoredOrder): void {
    this.byId.set(stored.order.orderId, stored);
    this.bySeller.get(stored.sellerId)?.push(stored);
  }

  /** The order, only when it belongs to the seller (another seller's order is as unknown as a made-up id). */
  get(sellerId: string, orderId: string): StoredOrder | undefined {
    const found = this.byId.get(orderId);
    return found && found.sellerId === sellerId ? found : undefined;
  }

  /** The products the seller sells (its orders' SKUs), for seeding its listings. */
  catalog(sellerId: string): readonly Product[] {
    return this.factory.catalog(sellerId);
  }

  /** Every order of the seller, oldest first. */
  all(sellerId: string): StoredOrder[] {
    return [...(this.bySeller.get(sellerId) ?? [])].sort((a, b) => compare(a.createdMs, a, b.createdMs, b));
  }

  /** One page of matching orders after `cursor`, and whether more follow. */
  search(
    sellerId: string,
    q: OrderQuery,
    cursor: OrderCursor | undefined,
    limit: number,
  ): { orders: StoredOrder[]; last: OrderCursor | undefined } {
    const time = q.by === 'created' ? (o: StoredOrder) => o.createdMs : (o: StoredOrder) => o.lastUpdatedMs;
    const matches: StoredOrder[] = [];
    for (const o of this.bySeller.get(sellerId) ?? []) {
      const t = time(o);
      if (t < q.afterMs || t > q.beforeMs) continue;
      if (cursor && (t < cursor.timeMs || (t === cursor.timeMs && o.order.orderId <= cursor.orderId)))
        continue;
      if (q.orderIds && !q.orderIds.has(o.order.orderId)) continue;
      if (q.marketplaceIds && !q.marketplaceIds.has(o.order.salesChannel.marketplaceId ?? '')) continue;
      if (q.statuses && !q.statuses.has(o.order.fulfillment?.fulfillmentStatus ?? 'PENDING')) continue;
      if (q.fulfilledBy && !q.fulfilledBy.has(o.order.fulfillment?.fulfilledBy ?? '')) continue;
      if (q.sellerOrderId !== undefined && o.order.orderAliases?.[0]?.aliasId !== q.sellerOrderId) continue;
      if (q.buyerEmail !== undefined && o.order.buyer?.buyerEmail !== q.buyerEmail) continue;
      if (q.where && !q.where(o)) continue;
      matches.push(o);
    }
    matches.sort((a, b) => compare(time(a), a, time(b), b));
    const page = matches.slice(0, limit);
    const tail = page[page.length - 1];
    const last =
      matches.length > limit && tail ? { timeMs: time(tail), orderId: tail.order.orderId } : undefined;
    return { orders: page, last };
  }

  /** Records a shipment: a package (FBM), shipped quantities, status and lastUpdatedTime. */
  ship(stored: StoredOrder, shipment: ShipmentInput, atMs: number): void {
    const order = stored.order;
    for (const line of shipment.items) {
      const item = order.orderItems.find((it) => it.orderItemId === line.orderItemId);
      if (!item) continue;
      item.fulfillment ??= {};
      const f = item.fulfillment;
      f.quantityFulfilled = (f.quantityFulfilled ?? 0) + line.quantity;
      f.quantityUnfulfilled = Math.max(0, item.quantityOrdered - f.quantityFulfilled);
    }
    if (order.fulfillment?.fulfilledBy === 'MERCHANT') {
      order.packages ??= [];
      const pkg: NonNullable<typeof order.packages>[number] = {
        packageReferenceId: shipment.packageReferenceId,
        createdTime: isoSeconds(atMs),
        packageStatus: { status: 'SHIPPED' },
        carrier: shipment.carrier,
        shipTime: isoSeconds(shipment.shipMs),
        packageItems: shipment.items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
      };
      // An order fulfillment feed may confirm a package without a tracking number.
      if (shipment.trackingNumber !== '') pkg.trackingNumber = shipment.trackingNumber;
      if (shipment.shippingService) pkg.shippingService = shipment.shippingService;
      order.packages.push(pkg);
    }
    const remaining = order.orderItems.some((it) => (it.fulfillment?.quantityUnfulfilled ?? 0) > 0);
    this.setStatus(stored, remaining ? 'PARTIALLY_SHIPPED' : 'SHIPPED', atMs);
  }

  /**
   * Cancels a whole order at the seller's request (an acknowledgement with StatusCode Failure): every item
   * gets a cancellation executed by the merchant with Amazon's reason code, nothing is left to ship, and
   * the order is Cancelled.
   */
  cancel(stored: StoredOrder, cancelReason: string, atMs: number): void {
    for (const item of stored.order.orderItems) {
      item.cancellation = { cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason } };
      item.fulfillment ??= {};
      item.fulfillment.quantityUnfulfilled = 0;
    }
    this.setStatus(stored, 'CANCELLED', atMs);
  }

  private setStatus(stored: StoredOrder, status: FulfillmentStatus, atMs: number): void {
    if (stored.order.fulfillment) stored.order.fulfillment.fulfillmentStatus = status;
    if (status !== 'PENDING' && status !== 'CANCELLED' && !stored.order.recipient) {
      stored.order.recipient = this.factory.recipient(
        stored.order.salesChannel.marketplaceId ?? '',
        stored.order.buyer?.buyerName ?? 'Buyer',
        stored.order.buyer?.buyerCompanyName,
      );
    }
    this.touch(stored, atMs);
  }

  touch(stored: StoredOrder, atMs: number): void {
    const ms = Math.floor(atMs / 1000) * 1000;
    stored.lastUpdatedMs = ms;
    stored.order.lastUpdatedTime = isoSeconds(ms);
  }

  /**
   * Simulates buyers and Amazon at `atMs`: `created` new orders (round robin over the sellers given) and
   * `updated` existing ones moved one step along (Pending → Unshipped → Shipped).
   */
  activity(
    created: number,
    updated: number,
    atMs: number,
    sellers: readonly EmulatorCredentials['sellers'][number][],
  ): { created: string[]; updated: string[] } {
    const out = { created: [] as string[], updated: [] as string[] };
    for (let i = 0; i < created; i++) {
      const seller = sellers[i % sellers.length]!;
      const plan = this.factory.plan(seller.sellerId, seller.marketplaceIds, atMs, atMs);
      const stored = this.factory.build(plan);
      this.add(stored);
      out.created.push(stored.order.orderId);
    }
    if (updated > 0) {
      const sellerIds = new Set(sellers.map((s) => s.sellerId));
      const eligible: StoredOrder[] = [];
      const fallback: StoredOrder[] = [];
      for (const [sellerId, list] of this.bySeller) {
        if (!sellerIds.has(sellerId)) continue;
        for (const o of list) {
          if (o.createdMs > atMs || o.lastUpdatedMs > atMs || out.created.includes(o.order.orderId)) continue;
          const status = o.order.fulfillment?.fulfillmentStatus;
          if (status === 'PENDING' || status === 'UNSHIPPED' || status === 'PARTIALLY_SHIPPED')
            eligible.push(o);
          else fallback.push(o);
        }
      }
      for (let i = 0; i < updated; i++) {
        const pool = eligible.length > 0 ? eligible : fallback;
        if (pool.length === 0) break;
        const stored = pool.splice(this.activityPrng.int(pool.length), 1)[0]!;
        this.advance(stored, atMs);
        out.updated.push(stored.order.orderId);
      }
    }
    return out;
  }

  private advance(stored: StoredOrder, atMs: number): void {
    const order = stored.order;
    const status = order.fulfillment?.fulfillmentStatus;
    if (status === 'PENDING') {
      this.setStatus(stored, 'UNSHIPPED', atMs);
      return;
    }
    if (status === 'UNSHIPPED' || status === 'PARTIALLY_SHIPPED') {
      const items = order.orderItems
        .map((it) => ({ orderItemId: it.orderItemId, quantity: it.fulfillment?.quantityUnfulfilled ?? 0 }))
        .filter((i) => i.quantity > 0);
      const carrier = this.factory.carrier();
      const ref = String((order.packages?.length ?? 0) + 1);
      this.ship(stored, { packageReferenceId: ref, ...carrier, shipMs: atMs, items }, atMs);
      return;
    }
    // Nothing left to move along: a delivered package is still an update Amazon reports.
    const pkg = order.packages?.[order.packages.length - 1];
    if (pkg) pkg.packageStatus = { status: 'DELIVERED' };
    this.touch(stored, atMs);
  }
}

function compare(ta: number, a: StoredOrder, tb: number, b: StoredOrder): number {
  if (ta !== tb) return ta - tb;
  return a.order.orderId < b.order.orderId ? -1 : a.order.orderId > b.order.orderId ? 1 : 0;
}
