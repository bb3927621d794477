import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RunningServe,
  type ServeEvent,
  type SyncRun,
  type SyncRunResult,
  setSchedule,
  startServe,
} from '../../src/serve/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { realClock } from '../../src/time/clock.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';
import { insertSellers, testMasterKey, testVault } from './support/accounts.js';

const quiet = { notify: () => {} };
const FAR = new Date('2099-01-01T00:00:00Z');

/**
 * The sync engine's place taken by a recorder: what is tested here is when runs start, that they never
 * overlap, and how they end, whatever a run does inside.
 */
class Recorder {
  readonly runs = new Map<string, number>();
  readonly overlaps: string[] = [];
  private readonly active = new Set<string>();
  /** Accounts whose runs wait for `release` (or their abort signal). */
  readonly held = new Map<string, { release: () => void; started: Promise<void>; signal?: AbortSignal }>();

  hold(accountId: string): { release: () => void; started: Promise<void> } {
    let release = () => {};
    let markStarted = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const entry = { release, started, gate, markStarted };
    this.held.set(accountId, entry);
    return { release, started };
  }

  runner = async ({ accountId, signal }: SyncRun): Promise<SyncRunResult> => {
    if (this.active.has(accountId)) this.overlaps.push(accountId);
    this.active.add(accountId);
    this.runs.set(accountId, (this.runs.get(accountId) ?? 0) + 1);
    try {
      const held = this.held.get(accountId) as
        | { gate: Promise<void>; markStarted: () => void; signal?: AbortSignal }
        | undefined;
      if (held) {
        held.signal = signal;
        held.markStarted();
        const aborted = new Promise<never>((_, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
        await Promise.race([held.gate, aborted]);
        this.held.delete(accountId);
      } else {
        await realClock.sleep(100, signal);
      }
      return { outcome: 'complete', orders: 1, created: 1, updated: 0, recheckUpdated: 0 };
    } finally {
      this.active.delete(accountId);
    }
  };
}

describe.each(BACKENDS)('csm serve’s jobs on %s, two processes on one store', (backend: Backend) => {
  const available = backendAvailable(backend);
  let test: TestStore;
  let stores: Store[];
  let serves: RunningServe[];
  let ids: string[];
  const recorder = new Recorder();
  const events: ServeEvent[] = [];

  beforeAll(async () => {
    if (!available) return;
    test = await freshStore(backend);
    // The second is a client of the first's embedded database (through its socket), or a second pool.
    stores = [
      await openStore(test.config, quiet),
      await openStore(test.config, { ...quiet, whenOwned: 'connect' }),
    ];
    const vault = await testVault(stores[0]!, testMasterKey());
    ids = await insertSellers(
      stores[0]!,
      vault,
      Array.from({ length: 5 }, (_, i) => ({ name: `s${i}`, sellerId: `SELLER${i}` })),
    );
    // Accounts 0–2 every second; 3 and 4 only when asked.
    const now = new Date();
    for (const [i, id] of ids.entries()) {
      await setSchedule(stores[0]!.db, id, { intervalSeconds: i < 3 ? 1 : 3600 }, now);
    }
    await stores[0]!.db
      .updateTable('sync_schedules')
      .set({ next_run_at: FAR })
      .where('account_id', 'in', ids.slice(3))
      .execute();
    serves = [];
    for (const store of stores) {
      serves.push(
        await startServe({
          db: store.db,
          runner: recorder.runner,
          deleteExpiredPii: async () => 0,
          onEvent: (event) => events.push(event),
          concurrency: 4,
          tickMs: 200,
          pollMs: 200,
          staleMs: 3000,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const serve of serves ?? []) await serve.stop('test over');
    for (const store of [...(stores ?? [])].reverse()) await store.close();
    await test?.dispose();
  });

  describe.skipIf(!available)('runs', () => {
    it('syncs every account on its cadence, never twice at once across the processes', async () => {
      await expect
        .poll(() => Math.min(...ids.slice(0, 3).map((id) => recorder.runs.get(id) ?? 0)), { timeout: 30_000 })
        .toBeGreaterThanOrEqual(3);
      expect(recorder.overlaps).toEqual([]);
      expect(events.filter((e) => e.type === 'error')).toEqual([]);
      const starts = events.filter((e) => e.type === 'sync-start');
      expect(starts.length).toBeGreaterThanOrEqual(9);
    });

    it('coalesces repeated sync-now requests: while one runs, any number of them make one more run', async () => {
      const id = ids[3]!;
      const held = recorder.hold(id);
      expect(await serves[0]!.requestSync(id)).toBe('queued');
      await held.started;
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => serves[i % 2]!.requestSync(id)));
      expect(new Set(answers)).toEqual(new Set(['pending']));
      held.release();
      // The follow-up run, then nothing more to do: no request left, next cadence far away.
      await expect
        .poll(
          async () =>
            stores[0]!.db
              .selectFrom('sync_schedules')
              .select(['pending_since', 'requested_at', 'last_outcome'])
              .where('account_id', '=', id)
              .executeTakeFirstOrThrow(),
          { timeout: 20_000 },
        )
        .toEqual({ pending_since: null, requested_at: null, last_outcome: 'changed' });
      expect(recorder.runs.get(id)).toBe(2);
      expect(recorder.overlaps).toEqual([]);
    });

    it('stopping aborts the running sync, which is due again at once and taken over by the other process', async () => {
      const id = ids[4]!;
      const held = recorder.hold(id);
      // Queued by the first process; whichever runs it, the other one stays.
      await serves[0]!.requestSync(id);
      await held.started;
      const runningBy = await stores[0]!.db
        .selectFrom('sync_schedules')
        .select('run_owner')
        .where('account_id', '=', id)
        .executeTakeFirstOrThrow();
      const [stopped, other] =
        runningBy.run_owner === serves[0]!.owner ? [serves[0]!, serves[1]!] : [serves[1]!, serves[0]!];
      await stopped.stop('SIGTERM');
      serves = [other];
      const row = await stores[0]!.db
        .selectFrom('sync_schedules')
        .select(['last_outcome', 'next_run_at', 'pending_since'])
        .where('account_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.last_outcome).toBe('aborted');
      expect(row.next_run_at.getTime()).toBeLessThanOrEqual(Date.now());
      expect(row.pending_since).toBeNull();
      expect(events).toContainEqual(expect.objectContaining({ type: 'stopping', reason: 'SIGTERM' }));
      await expect.poll(() => recorder.runs.get(id), { timeout: 20_000 }).toBe(2);
      expect(recorder.overlaps).toEqual([]);
    });
  });
});
