import { existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  MIGRATIONS,
  migrate,
  openStore,
  type Store,
  StoreError,
  StoreLockedError,
} from '../../src/store/index.js';
import { createFakeClock } from '../support/fake-clock.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshPgliteStore,
  freshStore,
  type TestStore,
} from './support/test-stores.js';

const quiet = { notify: () => {} };

describe.each(BACKENDS)('store on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  let store: Store;

  beforeAll(async () => {
    if (unavailable) return;
    test = await freshStore(backend);
    store = await openStore(test.config, quiet);
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
  });

  describe.skipIf(unavailable)(unavailable ? 'needs CSM_TEST_DATABASE_URL' : 'schema and queries', () => {
    it('applies the migrations at start and records each once; running them again applies none', async () => {
      const recorded = await store.db.selectFrom('schema_migrations').selectAll().orderBy('id').execute();
      expect(recorded.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
      expect(await migrate(store.db)).toEqual([]);
      await store.close();
      store = await openStore(test.config, quiet);
      const again = await store.db.selectFrom('schema_migrations').selectAll().orderBy('id').execute();
      expect(again).toEqual(recorded);
    });

    it('refuses a database migrated by a newer csm', async () => {
      await store.db.insertInto('schema_migrations').values({ id: '9999_from_the_future' }).execute();
      await store.close();
      const error = await openStore(test.config, quiet).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).code).toBe('STORE_TOO_NEW');
      expect((error as StoreError).message).toMatch(/9999_from_the_future.*upgrade csm/);
      // Put things back for the next tests: remove the row with a plain client of the same database.
      await withRawClient(test, store, (client) =>
        client.query("delete from schema_migrations where id = '9999_from_the_future'"),
      );
      store = await openStore(test.config, quiet);
    });

    it('stores and reads accounts with the same queries: json, dates, uniqueness, checks, cascade', async () => {
      const inserted = await store.db
        .insertInto('accounts')
        .values({
          name: 'eu-shop',
          kind: 'seller',
          region: 'eu',
          client_id: 'amzn1.application-oa2-client.0123',
          seller_id: 'A2SELLER',
          marketplaces: JSON.stringify([{ id: 'A1PA6795UKMFR9', countryCode: 'DE' }]),
          secret_created: '2026-03-01',
        })
        .returning(['id', 'created_at'])
        .executeTakeFirstOrThrow();
      expect(inserted.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(inserted.created_at).toBeInstanceOf(Date);

      const row = await store.db
        .selectFrom('accounts')
        .selectAll()
        .where('name', '=', 'eu-shop')
        .executeTakeFirstOrThrow();
      expect(row.marketplaces).toEqual([{ id: 'A1PA6795UKMFR9', countryCode: 'DE' }]);
      expect(row.secret_created).toBe('2026-03-01');
      expect(row.endpoint).toBeNull();

      const duplicate = await store.db
        .insertInto('accounts')
        .values({ name: 'eu-shop', kind: 'vendor', region: 'na', client_id: 'x', marketplaces: '[]' })
        .execute()
        .catch((e: { code?: string }) => e);
      expect((duplicate as { code?: string }).code).toBe('23505'); // unique_violation

      const badKind =
        await sql`insert into accounts (name, kind, region, client_id) values ('x', 'buyer', 'na', 'y')`
          .execute(store.db)
          .catch((e: { code?: string }) => e);
      expect((badKind as { code?: string }).code).toBe('23514'); // check_violation

      await store.db
        .insertInto('vault_keys')
        .values({ key_id: 'k-test', check_value: Buffer.alloc(32) })
        .execute();
      await store.db
        .insertInto('account_secrets')
        .values({
          account_id: inserted.id,
          field: 'refresh_token',
          key_id: 'k-test',
          nonce: Buffer.alloc(12, 1),
          ciphertext: Buffer.from([0, 255, 7]),
          tag: Buffer.alloc(16, 2),
        })
        .execute();
      const secret = await store.db.selectFrom('account_secrets').selectAll().executeTakeFirstOrThrow();
      expect(secret.ciphertext).toEqual(Buffer.from([0, 255, 7]));

      await store.db.deleteFrom('accounts').where('id', '=', inserted.id).execute();
      const left = await store.db.selectFrom('account_secrets').select('field').execute();
      expect(left).toEqual([]);
      await store.db.deleteFrom('vault_keys').execute();
    });

    it('keeps each of many concurrent queries and transactions to its own results', async () => {
      await sql`create table if not exists concurrency_probe (n integer not null)`.execute(store.db);
      const results = await Promise.all(
        Array.from({ length: 400 }, async (_, i) => {
          const r = await sql<{ n: number; s: string }>`select ${i}::int as n, ${`v${i}`}::text as s`.execute(
            store.db,
          );
          return r.rows[0]?.n === i && r.rows[0]?.s === `v${i}`;
        }),
      );
      expect(results.filter((ok) => !ok)).toHaveLength(0);

      // Odd transactions fail after their insert and must leave nothing; even ones commit.
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          store.db
            .transaction()
            .execute(async (trx) => {
              await sql`insert into concurrency_probe (n) values (${i})`.execute(trx);
              await sql`select pg_sleep(0.001)`.execute(trx);
              if (i % 2 === 1) throw new Error('roll back');
            })
            .catch(() => undefined),
        ),
      );
      const rows = await sql<{ n: number }>`select n from concurrency_probe order by n`.execute(store.db);
      expect(rows.rows.map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    });
  });
});

describe('embedded store (PGlite)', () => {
  it('creates the data directory with mode 0700 and the database in it on first open', async () => {
    const test = await freshPgliteStore({ empty: true });
    const dataDir = path.join(test.dataDir, 'nested', 'csm');
    const lines: string[] = [];
    const store = await openStore({ backend: 'pglite', dataDir }, { notify: (l) => lines.push(l) });
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(statSync(path.join(dataDir, 'pglite', 'PG_VERSION')).isFile()).toBe(true);
      expect(lines.join('\n')).toMatch(/creating the embedded database/);
      const version = await sql<{ v: string }>`select version() as v`.execute(store.db);
      expect(version.rows[0]?.v).toMatch(/PostgreSQL/);
    } finally {
      await store.close();
      await test.dispose();
    }
  });

  it('says a damaged embedded database cannot be opened, and leaves no lock behind', async () => {
    const test = await freshPgliteStore();
    writeFileSync(path.join(test.dataDir, 'pglite', 'PG_VERSION'), '99\n');
    try {
      const error = await openStore(test.config, quiet).catch((e: unknown) => e);
      expect((error as StoreError).code).toBe('STORE_UNAVAILABLE');
      expect((error as StoreError).message).toMatch(
        /^cannot open the embedded database in .*restore the data directory/,
      );
      expect(existsSync(path.join(test.dataDir, 'csm.lock'))).toBe(false);
    } finally {
      await test.dispose();
    }
  });

  it('puts the socket in a private directory under tmp when the data directory is too deep for one', async () => {
    const test = await freshPgliteStore();
    const deep = path.join(test.dataDir, 'a-directory-name-long-enough'.repeat(4));
    mkdirSync(deep);
    renameSync(path.join(test.dataDir, 'pglite'), path.join(deep, 'pglite'));
    const store = await openStore({ backend: 'pglite', dataDir: deep }, quiet);
    try {
      expect(store.socketDir?.startsWith(path.join(os.tmpdir(), 'csm-'))).toBe(true);
      expect(statSync(store.socketDir as string).mode & 0o777).toBe(0o700);
      const client = await openStore(
        { backend: 'pglite', dataDir: deep },
        { ...quiet, whenOwned: 'connect' },
      );
      expect((await client.db.selectFrom('schema_migrations').select('id').execute()).length).toBe(
        MIGRATIONS.length,
      );
      await client.close();
    } finally {
      await store.close();
      await test.dispose();
    }
    expect(existsSync(store.socketDir as string)).toBe(false);
  });

  describe('one owner at a time, others through its socket', () => {
    let test: TestStore;
    let owner: Store;
    const notices: string[] = [];
    beforeAll(async () => {
      test = await freshPgliteStore();
      // Virtual time: the notice of a long wait for the database comes without waiting for real.
      owner = await openStore(test.config, { notify: (l) => notices.push(l), clock: createFakeClock() });
    });
    afterAll(async () => {
      await owner?.close();
      await test?.dispose();
    });

    it('refuses a second opener by default, naming the owner PID and command', async () => {
      const error = await openStore(test.config, { ...quiet, command: 'csm second' }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StoreLockedError);
      expect((error as StoreLockedError).message).toContain(`process ${process.pid}`);
      expect((error as StoreLockedError).owner.pid).toBe(process.pid);
    });

    it('serves a client that asks to connect, on the same data', async () => {
      await owner.db
        .insertInto('accounts')
        .values({ name: 'via-owner', kind: 'vendor', region: 'fe', client_id: 'c', marketplaces: '[]' })
        .execute();
      const client = await openStore(test.config, { ...quiet, whenOwned: 'connect' });
      try {
        expect(client.role).toBe('client');
        const names = await client.db.selectFrom('accounts').select('name').execute();
        expect(names.map((r) => r.name)).toContain('via-owner');
      } finally {
        await client.close();
      }
      // The owner goes on after its client left.
      expect(await owner.db.selectFrom('accounts').select('name').execute()).toHaveLength(1);
    });

    it('rolls back what a connection left open when it dies, and lets the others go on', async () => {
      const raw = new pg.Client({
        host: owner.socketDir,
        port: 5432,
        user: 'postgres',
        database: 'postgres',
      });
      raw.on('error', () => {});
      await raw.connect();
      await raw.query('begin');
      await raw.query(
        "insert into accounts (name, kind, region, client_id) values ('half-done', 'seller', 'na', 'c')",
      );
      // While that transaction is open, other connections wait, and say so; the socket dies and they resume.
      const waiting = owner.db.selectFrom('accounts').select('name').execute();
      await vi.waitFor(() =>
        expect(notices).toContainEqual(
          expect.stringMatching(/a database query has waited 5 s for another connection/),
        ),
      );
      (raw as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      const names = (await waiting).map((r) => r.name);
      expect(names).not.toContain('half-done');
    });
  });
});

/** Runs a query outside the store (which refused to open) on the same database. */
async function withRawClient(
  test: TestStore,
  _closed: Store,
  run: (client: pg.Client) => Promise<unknown>,
): Promise<void> {
  if (test.config.backend === 'postgres') {
    const client = new pg.Client({ connectionString: test.config.url });
    await client.connect();
    try {
      await run(client);
    } finally {
      await client.end();
    }
    return;
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create(path.join(test.dataDir, 'pglite'));
  try {
    await run({ query: (text: string) => db.query(text) } as unknown as pg.Client);
  } finally {
    await db.close();
  }
}
