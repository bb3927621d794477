import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { openBoss } from '../../src/store/jobs/index.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';

const quiet = { notify: () => {} };
const errors: Error[] = [];
const onError = (error: Error) => errors.push(error);

describe.each(BACKENDS)('pg-boss on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  let store: Store;
  let boss: PgBoss;

  beforeAll(async () => {
    if (unavailable) return;
    test = await freshStore(backend);
    store = await openStore(test.config, quiet);
    boss = await openBoss(store.db, { onError });
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: false });
    await store?.close();
    await test?.dispose();
  });

  describe.skipIf(unavailable)(unavailable ? 'needs CSM_TEST_DATABASE_URL' : 'jobs', () => {
    it('creates its schema once and runs jobs through the store’s pool', async () => {
      await boss.createQueue('echo');
      const done = new Promise<unknown>((resolve) => {
        void boss.work<{ n: number }>('echo', { pollingIntervalSeconds: 0.5 }, async ([job]) => {
          resolve(job!.data);
          return { doubled: job!.data.n * 2 };
        });
      });
      const id = await boss.send('echo', { n: 21 });
      expect(await done).toEqual({ n: 21 });
      await expect.poll(async () => (await boss.getJobById('echo', id!))?.state).toBe('completed');
      expect((await boss.getJobById('echo', id!))?.output).toEqual({ doubled: 42 });
      // A second start on the same database finds the schema in place.
      const again = await openBoss(store.db, { onError, maintain: false });
      await again.stop({ graceful: false, close: false });
      expect(errors).toEqual([]);
    });

    it('a short queue holds one waiting job per key: repeated requests coalesce', async () => {
      await boss.createQueue('coalesce', { name: 'coalesce', policy: 'short' });
      const first = await boss.send('coalesce', { n: 1 }, { singletonKey: 'account-a' });
      const second = await boss.send('coalesce', { n: 2 }, { singletonKey: 'account-a' });
      const other = await boss.send('coalesce', { n: 3 }, { singletonKey: 'account-b' });
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(second).toBeNull();
      expect(other).toMatch(/^[0-9a-f-]{36}$/);
      // Once the waiting job is taken, the next request queues again.
      const [taken] = await boss.fetch('coalesce', { batchSize: 1 });
      expect(taken?.id).toBe(first);
      expect(await boss.send('coalesce', { n: 4 }, { singletonKey: 'account-a' })).toMatch(/^[0-9a-f-]{36}$/);
    });
  });
});

describe('pg-boss of a process that reaches the owner’s embedded store through its socket', () => {
  let test: TestStore;
  let owner: Store;
  let client: Store;

  beforeAll(async () => {
    test = await freshStore('pglite');
    owner = await openStore(test.config, quiet);
    client = await openStore(test.config, { ...quiet, whenOwned: 'connect' });
  });
  afterAll(async () => {
    await client?.close();
    await owner?.close();
    await test?.dispose();
  });

  it('sends a job the owner’s worker runs', async () => {
    expect(client.role).toBe('client');
    const ownerBoss = await openBoss(owner.db, { onError });
    await ownerBoss.createQueue('from-client');
    const ran = new Promise<unknown>((resolve) => {
      void ownerBoss.work('from-client', { pollingIntervalSeconds: 0.5 }, async ([job]) =>
        resolve(job!.data),
      );
    });
    const clientBoss = await openBoss(client.db, { onError, maintain: false });
    await clientBoss.send('from-client', { from: 'another command' });
    expect(await ran).toEqual({ from: 'another command' });
    await clientBoss.stop({ graceful: false, close: false });
    await ownerBoss.stop({ graceful: false, close: false });
    expect(errors).toEqual([]);
  });
});
