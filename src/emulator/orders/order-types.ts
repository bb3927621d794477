import type { components as orders2026 } from '../../amazon/generated/types/orders20260101.js';
import type { components as ordersV0 } from '../../amazon/generated/types/ordersV0.js';

/** The Orders 2026-01-01 shapes; the store keeps every order in this shape with every section filled. */
export type Order = orders2026['schemas']['Order'];
export type OrderItem = orders2026['schemas']['OrderItem'];
export type OrderPackage = orders2026['schemas']['OrderPackage'];
export type CustomerAddress = orders2026['schemas']['CustomerAddress'];
export type Money = orders2026['schemas']['Money'];
export type FulfillmentStatus = orders2026['schemas']['FulfillmentStatus'];

/** The Orders v0 shapes, derived from the store by v0-view.ts. */
export type V0Order = ordersV0['schemas']['Order'];
export type V0OrderItem = ordersV0['schemas']['OrderItem'];
export type V0Address = ordersV0['schemas']['Address'];

/** One order in the store, with the seller it belongs to and its times as epoch ms for fast filtering. */
export interface StoredOrder {
  sellerId: string;
  order: Order;
  createdMs: number;
  lastUpdatedMs: number;
}
