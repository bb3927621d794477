import type { AmazonOrder } from '../amazon-order.js';

/**
 * Amazon's Data Protection Policy: buyer data is kept no longer than 30 days after the order's delivery.
 * `deleteExpiredPii` may be set shorter, never longer.
 */
export const MAX_PII_RETENTION_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * When an order's retention period starts, or undefined while the order is still open. Amazon does not
 * say when an order was delivered, so this takes the earliest evidence that it was, which is never later
 * than the delivery itself: for a shipped order the earliest of its last package's ship time, its
 * last-updated time and the end of its promised delivery window; for a cancelled or unfulfillable order
 * its last-updated time. Callers keep the earliest value ever computed for an order.
 */
export function retentionFrom(order: AmazonOrder): Date | undefined {
  const status = order.fulfillment?.fulfillmentStatus;
  const updated = Date.parse(order.lastUpdatedTime);
  if (status === 'CANCELLED' || status === 'UNFULFILLABLE') return validDate(updated);
  if (status !== 'SHIPPED') return undefined;
  const candidates = [updated];
  const shipTimes = (order.packages ?? []).flatMap((p) => (p.shipTime ? [Date.parse(p.shipTime)] : []));
  if (shipTimes.length > 0) candidates.push(Math.max(...shipTimes));
  const promised = order.fulfillment?.deliverByWindow?.latestDateTime;
  if (promised) candidates.push(Date.parse(promised));
  return validDate(Math.min(...candidates.filter(Number.isFinite)));
}

/** Whether buyer data whose retention started at `from` must already be gone at `now`. */
export function retentionOver(from: Date | null | undefined, now: number, days: number): boolean {
  return from != null && from.getTime() + days * DAY_MS <= now;
}

/** The checked retention of `deleteExpiredPii`: 0 to 30 days. */
export function checkRetentionDays(days: number): number {
  if (!Number.isFinite(days) || days < 0 || days > MAX_PII_RETENTION_DAYS) {
    throw new RangeError(
      `retentionDays must be from 0 to ${MAX_PII_RETENTION_DAYS} (Amazon's Data Protection Policy allows ` +
        `at most ${MAX_PII_RETENTION_DAYS} days after delivery); got ${days}`,
    );
  }
  return days;
}

function validDate(ms: number): Date | undefined {
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}

export { DAY_MS };
