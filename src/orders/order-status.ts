/**
 * Orders 2026-01-01 fulfillment statuses csm knows. Amazon may add others: they are stored and listed as
 * they come, never refused.
 */
export const KNOWN_STATUSES = [
  'PENDING_AVAILABILITY',
  'PENDING',
  'UNSHIPPED',
  'PARTIALLY_SHIPPED',
  'SHIPPED',
  'CANCELLED',
  'UNFULFILLABLE',
] as const;

/** Statuses of an order that may still change on its own: re-checked when they stop changing. */
export const OPEN_STATUSES: string[] = ['PENDING', 'PENDING_AVAILABILITY', 'UNSHIPPED', 'PARTIALLY_SHIPPED'];

const V0_NAMES: Readonly<Record<string, string>> = {
  PENDINGAVAILABILITY: 'PENDING_AVAILABILITY',
  PARTIALLYSHIPPED: 'PARTIALLY_SHIPPED',
  CANCELED: 'CANCELLED',
};

/**
 * A status as a person types it (`shipped`, `Shipped`, `partially-shipped`, v0's `PartiallyShipped` or
 * `Canceled`) in the stored spelling; undefined when it is none csm knows.
 */
export function parseStatus(text: string): string | undefined {
  const upper = text.trim().replace(/[-\s]/g, '_').toUpperCase();
  const status = V0_NAMES[upper] ?? upper;
  return (KNOWN_STATUSES as readonly string[]).includes(status) ? status : undefined;
}
