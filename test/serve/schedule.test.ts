import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Cadence,
  claimDue,
  delaySeconds,
  ensureSchedules,
  finishRun,
  loseDeadRuns,
  requestSync,
  setSchedule,
  startRun,
} from '../../src/serve/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';
import { insertSellers, testMasterKey, testVault } from './support/accounts.js';

const quiet = { notify: () => {} };
const T0 = Date.parse('2026-06-01T12:00:00Z');
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const FAR = new Date('2099-01-01T00:00:00Z');

describe('the cadence', () => {
  const base: Cadence = { intervalSeconds: 300, maxIdleSeconds: 1800, idleRuns: 0, failures: 0 };
  it.each([
    [{}, 300],
    [{ idleRuns: 3 }, 300],
    [{ idleRuns: 4 }, 600],
    [{ idleRuns: 5 }, 1200],
    [{ idleRuns: 6 }, 1800],
    [{ idleRuns: 40 }, 1800],
    [{ failures: 1 }, 600],
    [{ failures: 3 }, 2400],
    [{ failures: 9 }, 3600],
    [{ intervalSeconds: 7200, idleRuns: 9 }, 7200],
    [{ intervalSeconds: 7200, failures: 2 }, 7200],
    [{ intervalSeconds: 30, maxIdleSeconds: 30, idleRuns: 9 }, 30],
  ] as const)('%o → every %i s', (change, seconds) => {
    expect(delaySeconds({ ...base, ...change })).toBe(seconds);
  });
});

describe.each(BACKENDS)('schedules on %s', (backend: Backend) => {
  const available = backendAvailable(backend);
  let test: TestStore;
  let store: Store;
  let ids: string[];

  beforeAll(async () => {
    if (!available) return;
    test = await freshStore(backend);
    store = await openStore(test.config, quiet);
    const vault = await testVault(store, testMasterKey());
    ids = await insertSellers(
      store,
      vault,
      Array.from({ length: 30 }, (_, i) => ({ name: `s${i}`, sellerId: `SELLER${i}` })),
    );
    // Neither a vendor nor a seller without a refresh token gets a schedule.
    await store.db
      .insertInto('accounts')
      .values([
        { name: 'vendor', kind: 'vendor', region: 'na', client_id: 'c', marketplaces: '[]' },
        { name: 'no-token', kind: 'seller', region: 'na', client_id: 'c', marketplaces: '[]' },
      ])
      .execute();
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
  });

  describe.skipIf(!available)('claims and runs', () => {
    it('gives each seller with a refresh token a schedule, due at once', async () => {
      expect(await ensureSchedules(store.db, at(0))).toBe(30);
      expect(await ensureSchedules(store.db, at(1))).toBe(0);
      const rows = await store.db
        .selectFrom('sync_schedules')
        .select(['account_id', 'next_run_at'])
        .execute();
      expect(rows.map((r) => r.account_id).sort()).toEqual([...ids].sort());
      expect(rows.every((r) => r.next_run_at.getTime() === T0)).toBe(true);
    });

    it('claims a due account once, whoever asks at the same time', async () => {
      const claims = await Promise.all(
        Array.from({ length: 3 }, () => store.db.transaction().execute((trx) => claimDue(trx, at(1)))),
      );
      const claimed = claims.flat().map((c) => c.accountId);
      expect(claimed.sort()).toEqual([...ids].sort());
      expect(claims.flat().every((c) => c.reason === 'schedule' && c.dueAt === at(0).toISOString())).toBe(
        true,
      );
      expect(await claimDue(store.db, at(2))).toEqual([]);
    });

    it('next due one interval after the due time; idle runs stretch it, news brings it back', async () => {
      const id = ids[0]!;
      const owner = 'test-owner';
      let due = at(0);
      const run = async (kind: 'idle' | 'changed', now: Date) => {
        const started = await startRun(store.db, { accountId: id, owner, dueAt: due, now });
        expect(started).toBeDefined();
        const { nextRunAt } = await finishRun(store.db, {
          accountId: id,
          owner,
          dueAt: due,
          started: started!,
          now,
          outcome: { kind, orders: 0 },
        });
        return (nextRunAt.getTime() - due.getTime()) / 1000;
      };
      const delays: number[] = [];
      for (const kind of ['idle', 'idle', 'idle', 'idle', 'idle', 'changed'] as const) {
        const delay = await run(kind, new Date(due.getTime() + 2000));
        delays.push(delay);
        due = new Date(due.getTime() + delay * 1000);
        const [claimed] = await claimDue(store.db, due, { accountId: id });
        expect(claimed?.dueAt).toBe(due.toISOString());
      }
      expect(delays).toEqual([300, 300, 300, 600, 1200, 300]);
    });

    it('a failing account backs off; an aborted run is due again at once', async () => {
      const id = ids[1]!;
      const owner = 'test-owner';
      const fail = async (now: Date) => {
        const started = await startRun(store.db, { accountId: id, owner, dueAt: now, now });
        return finishRun(store.db, {
          accountId: id,
          owner,
          dueAt: now,
          started: started!,
          now,
          outcome: { kind: 'failed', message: 'LWA said invalid_grant' },
        });
      };
      expect((await fail(at(10))).nextRunAt).toEqual(at(10 + 600));
      expect((await fail(at(20))).nextRunAt).toEqual(at(20 + 1200));
      const row = await store.db
        .selectFrom('sync_schedules')
        .select(['failures', 'last_error', 'last_outcome'])
        .where('account_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ failures: 2, last_error: 'LWA said invalid_grant', last_outcome: 'failed' });
      const started = await startRun(store.db, { accountId: id, owner, dueAt: at(30), now: at(30) });
      const aborted = await finishRun(store.db, {
        accountId: id,
        owner,
        dueAt: at(30),
        started: started!,
        now: at(31),
        outcome: { kind: 'aborted', orders: 3 },
      });
      expect(aborted.nextRunAt).toEqual(at(31));
    });

    it('a request while a run is queued adds nothing; one made while it runs queues exactly one more', async () => {
      const id = ids[2]!;
      await setSchedule(store.db, id, { intervalSeconds: 3600 }, at(100));
      await store.db
        .updateTable('sync_schedules')
        .set({ next_run_at: at(5000), pending_since: null })
        .where('account_id', '=', id)
        .execute();
      await requestSync(store.db, id, at(101));
      const [first] = await claimDue(store.db, at(101), { accountId: id });
      expect(first).toMatchObject({ reason: 'request', dueAt: at(101).toISOString() });
      await requestSync(store.db, id, at(102)); // queued, not started: the queued run serves it
      const started = await startRun(store.db, { accountId: id, owner: 'o', dueAt: at(101), now: at(103) });
      for (let i = 0; i < 5; i++) await requestSync(store.db, id, at(104 + i));
      expect(await claimDue(store.db, at(110), { accountId: id })).toEqual([]); // one runs: none queued
      await finishRun(store.db, {
        accountId: id,
        owner: 'o',
        dueAt: at(101),
        started: started!,
        now: at(120),
        outcome: { kind: 'changed', orders: 1 },
      });
      const after = await claimDue(store.db, at(121), { accountId: id });
      expect(after).toHaveLength(1);
      expect(after[0]?.reason).toBe('request');
      expect(await claimDue(store.db, at(122), { accountId: id })).toEqual([]);
    });

    it('a run of a process of this host that is gone is queued again at once', async () => {
      const id = ids[4]!;
      const gone = spawnSync(process.execPath, ['-e', '']).pid;
      const now = new Date();
      await store.db
        .updateTable('sync_schedules')
        .set({
          next_run_at: FAR,
          pending_since: now,
          run_owner: `${os.hostname()}/${gone}/abcd`,
          heartbeat_at: now,
        })
        .where('account_id', '=', id)
        .execute();
      expect(await claimDue(store.db, now, { accountId: id })).toEqual([]);
      expect(await loseDeadRuns(store.db)).toBe(1);
      expect(await claimDue(store.db, now, { accountId: id })).toEqual([
        { accountId: id, reason: 'resume', dueAt: now.toISOString() },
      ]);
    });

    it('a run whose process stopped saying it is alive is queued again, and its owner loses it', async () => {
      const id = ids[3]!;
      await store.db
        .updateTable('sync_schedules')
        .set({ next_run_at: at(9000), pending_since: at(200), run_owner: 'dead', heartbeat_at: at(200) })
        .where('account_id', '=', id)
        .execute();
      expect(await claimDue(store.db, at(230), { accountId: id })).toEqual([]);
      expect(await claimDue(store.db, at(261), { accountId: id })).toEqual([
        { accountId: id, reason: 'resume', dueAt: at(261).toISOString() },
      ]);
      expect(
        await startRun(store.db, { accountId: id, owner: 'alive', dueAt: at(261), now: at(262) }),
      ).toBeDefined();
      // The old owner's late report changes nothing.
      await finishRun(store.db, {
        accountId: id,
        owner: 'dead',
        dueAt: at(200),
        started: { startedAt: at(200), intervalSeconds: 300, maxIdleSeconds: 1800, idleRuns: 0, failures: 0 },
        now: at(263),
        outcome: { kind: 'failed', message: 'late' },
      });
      const row = await store.db
        .selectFrom('sync_schedules')
        .select(['run_owner', 'last_outcome'])
        .where('account_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.run_owner).toBe('alive');
    });
  });
});
