import type { OrdersApi } from '../../store/schema.js';
import type { IncomingOrder } from '../repository/incoming-order.js';

/** A time window of a sync: orders last updated at or after `after` and at or before `before`. */
export interface SyncWindow {
  /** ISO 8601, whole seconds. */
  readonly after: string;
  readonly before: string;
}

/** One page of a window. */
export interface OrderPage {
  /** Orders to store. */
  readonly orders: readonly IncomingOrder[];
  /** Orders on the page that are stored in this very version already (the v0 source skips their items). */
  readonly alreadyStored: readonly string[];
  /** The next page's token; undefined on the last page. */
  readonly nextToken: string | undefined;
  /** The window's end as Amazon applied it (`lastUpdatedBefore` of the answer), when it says. */
  readonly windowEnd: string | undefined;
}

/** Where orders come from: one implementation per Orders API. */
export interface OrderSource {
  readonly api: OrdersApi;
  /** One page of the window: the first without a token, the next ones with the previous page's token. */
  page(window: SyncWindow, token: string | undefined, signal: AbortSignal | undefined): Promise<OrderPage>;
  /** The order as Amazon has it now; undefined when Amazon does not know it (404). */
  order(orderId: string, signal: AbortSignal | undefined): Promise<IncomingOrder | undefined>;
}

/** The stored last-updated time (epoch ms) of each order asked about that is stored. */
export type StoredVersions = (orderIds: readonly string[]) => Promise<ReadonlyMap<string, number>>;
