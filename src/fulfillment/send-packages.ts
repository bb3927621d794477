import type { ShipmentStatus } from '../store/schema.js';
import { type SendDeps, sendPackage } from './send-package.js';

/**
 * Sends the given packages until each is confirmed or failed (or `signal` aborts): each in turn, then
 * again at its next attempt time after a throttle, a 5xx or a lost answer, sleeping on the clock
 * meanwhile. A package another process is sending is waited for. Resolves with each package's status.
 */
export async function sendPackages(
  deps: SendDeps,
  packageIds: readonly string[],
  options: { readonly signal?: AbortSignal; readonly concurrency?: number } = {},
): Promise<Map<string, ShipmentStatus>> {
  const statuses = new Map<string, ShipmentStatus>();
  let open = [...packageIds];
  const concurrency = Math.max(1, options.concurrency ?? 4);
  while (open.length > 0 && !options.signal?.aborted) {
    const retryAt: number[] = [];
    const next: string[] = [];
    let index = 0;
    const worker = async () => {
      while (index < open.length && !options.signal?.aborted) {
        const id = open[index++] as string;
        const outcome = await sendPackage(deps, id);
        statuses.set(id, outcome.status);
        if (outcome.status === 'pending' || outcome.status === 'sending') {
          next.push(id);
          retryAt.push(outcome.retryAt?.getTime() ?? deps.clock.now() + 1000);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, open.length) }, worker));
    open = next;
    if (open.length === 0 || options.signal?.aborted) break;
    const waitMs = Math.max(0, Math.min(...retryAt) - deps.clock.now());
    if (waitMs > 0) await deps.clock.sleep(waitMs, options.signal).catch(() => {});
  }
  return statuses;
}
