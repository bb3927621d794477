import type { Kysely } from 'kysely';
import type { Database, ShipmentStatus } from '../store/schema.js';
import type { Clock } from '../time/clock.js';

/**
 * Waits until every package is confirmed or failed (another process sends them: `csm serve`), polling the
 * store every `pollMs`, or until `signal` aborts. Resolves with each package's last status.
 */
export async function waitForPackages(
  db: Kysely<Database>,
  packageIds: readonly string[],
  options: { readonly clock: Clock; readonly signal?: AbortSignal; readonly pollMs?: number },
): Promise<Map<string, ShipmentStatus>> {
  const statuses = new Map<string, ShipmentStatus>();
  if (packageIds.length === 0) return statuses;
  for (;;) {
    const rows = await db
      .selectFrom('shipment_packages')
      .select(['id', 'status'])
      .where('id', 'in', [...packageIds])
      .execute();
    for (const row of rows) statuses.set(row.id, row.status);
    const open = rows.some((r) => r.status === 'pending' || r.status === 'sending');
    if (!open || options.signal?.aborted) return statuses;
    await options.clock.sleep(options.pollMs ?? 500, options.signal).catch(() => {});
  }
}
