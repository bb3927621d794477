import type { ShipmentStatus } from '../store/schema.js';

export type { ShipmentStatus } from '../store/schema.js';

/** Every status of a shipment or package, in the order they are reached. */
export const SHIPMENT_STATUSES: readonly ShipmentStatus[] = ['pending', 'sending', 'confirmed', 'failed'];

/** One line of a package: an order item and how many of its units the package holds. */
export interface PackageItem {
  readonly orderItemId: string;
  readonly quantity: number;
}

/**
 * One package to confirm, as `csm ship`, a CSV row group or the REST API gives it. Several for one order
 * make one shipment with several packages.
 */
export interface ShipmentInput {
  /** The stored account's name; needed only when the order id is stored under several accounts. */
  readonly account?: string | undefined;
  /** Amazon's order id, `123-1234567-1234567`. */
  readonly orderId: string;
  /** One of Amazon's carrier codes (`CARRIER_CODES`), or `Other` with `carrierName`. */
  readonly carrier: string;
  readonly carrierName?: string | undefined;
  readonly trackingNumber: string;
  /** `YYYY-MM-DD` or an ISO 8601 time with its zone. @default now */
  readonly shipDate?: string | undefined;
  /** The shipping method or service (`Ground`, `Priority Mail`). */
  readonly method?: string | undefined;
  /** The items in the package. @default every unit of the order not yet shipped or being shipped */
  readonly items?: readonly PackageItem[] | undefined;
}

/** A problem with one input, named by field, for a person to fix. */
export interface ShipmentFieldError {
  /** The input's position in the list given (0-based). */
  readonly index: number;
  /** `orderId`, `carrier`, `carrierName`, `trackingNumber`, `shipDate`, `method`, `items`, `account`. */
  readonly field: string;
  readonly message: string;
}

/** A stored package, as `listShipments` and `createShipments` show it. */
export interface PackageView {
  readonly id: string;
  readonly packageReferenceId: string;
  readonly carrierCode: string;
  readonly carrierName: string | null;
  readonly trackingNumber: string;
  readonly shipDate: string;
  readonly shippingMethod: string | null;
  readonly items: PackageItem[];
  readonly status: ShipmentStatus;
  /** Amazon's refusal with its cause and fix, or why csm gave up; null unless failed. */
  readonly failureReason: string | null;
  readonly attempts: number;
  readonly via: 'confirmShipment' | 'feed';
  readonly confirmedAt: string | null;
  /** Confirmed from Amazon's own state of the order (a lost answer), not from an answer. */
  readonly reconciled: boolean;
}

/** A stored shipment: one order's packages from one request. */
export interface ShipmentView {
  readonly id: string;
  readonly account: string;
  readonly orderId: string;
  readonly marketplaceId: string;
  readonly status: ShipmentStatus;
  readonly failureReason: string | null;
  readonly source: 'cli' | 'file' | 'api';
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly packages: PackageView[];
}
