import type { Kysely } from 'kysely';
import type { SpApiClient } from '../sp-api/client.js';
import type { Database, ShipmentPackagesTable, ShipmentStatus } from '../store/schema.js';
import type { Clock } from '../time/clock.js';
import type { ClientFor } from './account-clients.js';
import { confirmFailure, outcomeUnknown, worthRetrying } from './confirm-failure.js';
import { leaseOwnerGone } from './lease-owner.js';
import { reconcilePackage } from './reconcile-package.js';
import { completeIfShipped, refreshShipment } from './record-outcome.js';

/** What sending packages needs. */
export interface SendDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly clientFor: ClientFor;
  /** This process, as leases name it (`leaseOwnerName`). */
  readonly owner: string;
  /**
   * How long a claim holds: longer than a reconcile and a send take (the client gives up on a call after
   * 2 minutes), so a live sender never loses its package.
   * @default 300_000
   */
  readonly leaseMs?: number;
  /** Attempts before a package that keeps failing (5xx, no answer, throttled) is marked failed. @default 8 */
  readonly maxAttempts?: number;
  /** The first retry's delay, doubled each time, at most 10 minutes. @default 5000 */
  readonly retryBaseMs?: number;
  readonly onEvent?: (event: PackageEvent) => void;
}

/** What happened to a package (for progress lines and logs: no secrets, no buyer data). */
export interface PackageEvent {
  readonly type: 'reconciling' | 'sending' | 'confirmed' | 'retry' | 'failed';
  readonly packageId: string;
  readonly orderId: string;
  readonly packageReferenceId: string;
  readonly message?: string;
  readonly retryAt?: string;
}

/** Where a package stands after `sendPackage`. */
export interface PackageOutcome {
  readonly status: ShipmentStatus;
  /** When it is due again (pending after a failed attempt, or being sent by another process). */
  readonly retryAt?: Date;
}

const MAX_RETRY_MS = 10 * 60_000;

/** A package row as the sender reads it. */
export type PackageRow = Omit<ShipmentPackagesTable, 'items'> & {
  id: string;
  items: { orderItemId: string; quantity: number }[];
  status: ShipmentStatus;
  attempts: number;
  outcome_unknown: boolean;
};

/**
 * Sends one package to Amazon exactly once in effect. It is claimed first (a lease in the store, so two
 * processes never send it at once), marked as possibly sent, and only then sent. When a previous attempt
 * has no recorded answer (its process died, the connection dropped after the request, a 5xx), the package
 * is first looked up in Amazon's order and recorded from there instead of sent again. Amazon's refusals
 * (4xx) fail the package with cause and fix; throttling, 5xx and lost answers are retried later (a new
 * attempt time; `sendPackages` or the queue's workers come back to it), up to `maxAttempts`.
 */
export async function sendPackage(deps: SendDeps, packageId: string): Promise<PackageOutcome> {
  const claimed = await claim(deps, packageId);
  if ('outcome' in claimed) return claimed.outcome;
  const { row, mustReconcile } = claimed;
  const event = (type: PackageEvent['type'], extra: Partial<PackageEvent> = {}) =>
    deps.onEvent?.({
      type,
      packageId,
      orderId: row.order_id,
      packageReferenceId: row.package_reference_id,
      ...extra,
    });

  let client: SpApiClient;
  try {
    client = await deps.clientFor(row.account_id);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return fail(deps, row, 'account', message, event, row.outcome_unknown);
  }

  if (mustReconcile) {
    event('reconciling', { message: 'the last attempt has no recorded answer: asking Amazon for the order' });
    try {
      const found = await reconcilePackage(client, {
        orderId: row.order_id,
        packageReferenceId: row.package_reference_id,
        trackingNumber: row.tracking_number,
        items: row.items,
      });
      if (found.kind === 'confirmed')
        return confirm(deps, row, { reconciled: true, message: found.how }, event);
      if (found.kind === 'conflict') return fail(deps, row, 'PackageConflict', found.reason, event, false);
    } catch (error) {
      return retryOrFail(deps, row, error, event, true);
    }
  }

  event('sending');
  const marketplace = await deps.db
    .selectFrom('shipments')
    .select('marketplace_id')
    .where('id', '=', row.shipment_id)
    .executeTakeFirstOrThrow();
  try {
    const response = await client.call('confirmShipment', {
      path: { orderId: row.order_id },
      body: {
        marketplaceId: marketplace.marketplace_id,
        packageDetail: {
          packageReferenceId: row.package_reference_id,
          carrierCode: row.carrier_code,
          ...(row.carrier_name ? { carrierName: row.carrier_name } : {}),
          trackingNumber: row.tracking_number,
          shipDate: row.ship_date.toISOString(),
          ...(row.shipping_method ? { shippingMethod: row.shipping_method } : {}),
          orderItems: row.items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
        },
      },
    });
    return confirm(deps, row, { reconciled: false, requestId: response.requestId }, event);
  } catch (error) {
    return retryOrFail(deps, row, error, event, outcomeUnknown(error));
  }
}

/**
 * Claims a package for sending when it is due (pending and due, or sending under a lease that ran out or
 * whose process is gone): marks it sending and possibly sent, in one transaction. Otherwise returns where
 * it stands.
 */
export async function claim(
  deps: SendDeps,
  packageId: string,
): Promise<{ outcome: PackageOutcome } | { row: PackageRow; mustReconcile: boolean }> {
  const now = new Date(deps.clock.now());
  return deps.db.transaction().execute(async (trx) => {
    const row = (await trx
      .selectFrom('shipment_packages')
      .selectAll()
      .where('id', '=', packageId)
      .forUpdate()
      .executeTakeFirst()) as PackageRow | undefined;
    if (!row) return { outcome: { status: 'failed' as const } };
    const due = row.status === 'pending' && row.next_attempt_at.getTime() <= now.getTime();
    const abandoned =
      row.status === 'sending' &&
      ((row.lease_until?.getTime() ?? 0) < now.getTime() || leaseOwnerGone(row.lease_owner));
    if (!due && !abandoned) {
      const retryAt =
        row.status === 'pending' ? row.next_attempt_at : row.status === 'sending' ? row.lease_until : null;
      return { outcome: { status: row.status, ...(retryAt ? { retryAt } : {}) } };
    }
    // Marked as possibly sent before the send: a crash from here on leaves a package that is reconciled
    // with Amazon before anyone sends it again.
    await trx
      .updateTable('shipment_packages')
      .set({
        status: 'sending',
        lease_owner: deps.owner,
        lease_until: new Date(now.getTime() + (deps.leaseMs ?? 300_000)),
        attempts: row.attempts + 1,
        outcome_unknown: true,
        updated_at: now,
      })
      .where('id', '=', packageId)
      .execute();
    await refreshShipment(trx, row.shipment_id, now);
    return { row, mustReconcile: row.outcome_unknown || row.status === 'sending' };
  });
}

/** Records a package confirmed (and the shipment, and the order's holding status when all is shipped). */
export async function confirm(
  deps: SendDeps,
  row: PackageRow,
  how: { reconciled: boolean; requestId?: string | undefined; message?: string },
  event: (type: PackageEvent['type'], extra?: Partial<PackageEvent>) => void,
): Promise<PackageOutcome> {
  const now = new Date(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('shipment_packages')
      .set({
        status: 'confirmed',
        outcome_unknown: false,
        reconciled: how.reconciled,
        request_id: how.requestId ?? null,
        confirmed_at: now,
        failure_code: null,
        failure_reason: null,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await refreshShipment(trx, row.shipment_id, now);
    await completeIfShipped(trx, row.account_id, row.order_id, now);
  });
  event('confirmed', how.message ? { message: how.message } : {});
  return { status: 'confirmed' };
}

/** Records a failed attempt: pending again later (marked when Amazon may have applied it), or failed. */
export async function retryOrFail(
  deps: SendDeps,
  row: PackageRow,
  error: unknown,
  event: (type: PackageEvent['type'], extra?: Partial<PackageEvent>) => void,
  unknown: boolean,
): Promise<PackageOutcome> {
  const failure = confirmFailure(error);
  const attempts = row.attempts + 1;
  if (!worthRetrying(error) || attempts >= (deps.maxAttempts ?? 8)) {
    const reason = worthRetrying(error)
      ? `gave up after ${attempts} attempts; the last: ${failure.reason}. csm ship --retry ID tries again (it asks Amazon first whether the package arrived)`
      : failure.reason;
    return fail(deps, row, failure.code, reason, event, unknown);
  }
  const now = deps.clock.now();
  const delay = Math.min(MAX_RETRY_MS, (deps.retryBaseMs ?? 5000) * 2 ** (attempts - 1));
  const retryAt = new Date(now + delay);
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('shipment_packages')
      .set({
        status: 'pending',
        outcome_unknown: unknown,
        next_attempt_at: retryAt,
        failure_code: failure.code,
        failure_reason: `attempt ${attempts}: ${failure.reason}`,
        lease_owner: null,
        lease_until: null,
        updated_at: new Date(now),
      })
      .where('id', '=', row.id)
      .where('lease_owner', '=', deps.owner)
      .execute();
    await refreshShipment(trx, row.shipment_id, new Date(now));
  });
  event('retry', { message: failure.reason, retryAt: retryAt.toISOString() });
  return { status: 'pending', retryAt };
}

/** Records a package failed with its reason. */
export async function fail(
  deps: SendDeps,
  row: PackageRow,
  code: string,
  reason: string,
  event: (type: PackageEvent['type'], extra?: Partial<PackageEvent>) => void,
  unknown = false,
): Promise<PackageOutcome> {
  const now = new Date(deps.clock.now());
  await deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('shipment_packages')
      .set({
        status: 'failed',
        outcome_unknown: unknown,
        failure_code: code,
        failure_reason: reason,
        lease_owner: null,
        lease_until: null,
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    await refreshShipment(trx, row.shipment_id, now);
  });
  event('failed', { message: reason });
  return { status: 'failed' };
}
