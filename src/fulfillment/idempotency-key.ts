import { createHash } from 'node:crypto';
import type { PackageItem } from './shipment-types.js';

/**
 * The key that makes the same request find its stored package: account, order, tracking number and the
 * items as asked (sorted; `*` for "every unit left", which a repeat must match without recomputing what
 * is left).
 */
export function idempotencyKey(
  accountId: string,
  orderId: string,
  trackingNumber: string,
  items: readonly PackageItem[] | undefined,
): string {
  const spec = items
    ? items
        .map((i) => `${i.orderItemId}:${i.quantity}`)
        .sort()
        .join(',')
    : '*';
  return createHash('sha256')
    .update(JSON.stringify([accountId, orderId, trackingNumber, spec]))
    .digest('hex');
}
