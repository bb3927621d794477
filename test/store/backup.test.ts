import {
  createReadStream,
  createWriteStream,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackupErrorCode,
  isBackupError,
  restoreBackup,
  writeBackup,
} from '../../src/store/backup/index.js';
import { MIGRATIONS, openStore, type Store } from '../../src/store/index.js';
import { insertSellers, testMasterKey, testVault } from '../serve/support/accounts.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from './support/test-stores.js';

const quiet = { notify: () => {} };
const known = MIGRATIONS.map((m) => m.id);
const dir = mkdtempSync(path.join(os.tmpdir(), 'csm-backup-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every row of every csm table, as text, in a stable order: two stores with equal snapshots are equal. */
async function snapshot(store: Store): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r' and c.relname not in ('schema_migrations', 'rate_limit_buckets')
    order by 1`.execute(store.db);
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{
      r: string;
    }>`select to_jsonb(t)::text as r from ${sql.table(name)} t order by 1`.execute(store.db);
    out[name] = rows.map((row) => row.r);
  }
  return out;
}

async function backupTo(store: Store, file: string) {
  return writeBackup(store.db, createWriteStream(file, { mode: 0o600 }), {
    producer: 'csm/test',
    backend: store.backend,
    now: new Date(),
  });
}

async function restoreFrom(
  store: Store,
  file: string,
  extra: Partial<Parameters<typeof restoreBackup>[2]> = {},
) {
  return restoreBackup(store.db, createReadStream(file), { knownMigrations: known, source: file, ...extra });
}

async function failure(promise: Promise<unknown>): Promise<BackupErrorCode> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isBackupError(error)) throw new Error(`expected a BackupError, got ${String(error)}`);
  return error.code;
}

/** Rewrites a backup's lines (uncompressed) and compresses them again. */
function tamper(file: string, to: string, change: (lines: string[]) => string[]): void {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n');
  writeFileSync(to, gzipSync(Buffer.from(change(lines).join('\n'), 'utf8')));
}

describe.each(BACKENDS)('backup and restore on %s', (backend: Backend) => {
  const available = backendAvailable(backend);
  let source: TestStore;
  let target: TestStore;
  let from: Store;
  let to: Store;
  const file = path.join(dir, `${backend}.csm-backup`);

  beforeAll(async () => {
    if (!available) return;
    source = await freshStore(backend);
    target = await freshStore(backend);
    from = await openStore(source.config, quiet);
    to = await openStore(target.config, quiet);
    const vault = await testVault(from, testMasterKey());
    const ids = await insertSellers(
      from,
      vault,
      Array.from({ length: 12 }, (_, i) => ({ name: `shop-${i}`, sellerId: `SELLER${i}` })),
    );
    await from.db
      .insertInto('sync_schedules')
      .values(ids.map((id, i) => ({ account_id: id, next_run_at: new Date(Date.UTC(2026, 5, 1, 0, i)) })))
      .execute();
    await from.db
      .updateTable('sync_schedules')
      .set({ pending_since: new Date(), run_owner: 'gone', heartbeat_at: new Date() })
      .execute();
  });
  afterAll(async () => {
    await from?.close();
    await to?.close();
    await source?.dispose();
    await target?.dispose();
  });

  describe.skipIf(!available)('files', () => {
    it('restores every row as it was (secrets still sealed), and forgets the runs in progress', async () => {
      const summary = await backupTo(from, file);
      expect(summary.rowsByTable.accounts).toBe(12);
      expect(summary.rowsByTable.account_secrets).toBe(24);
      const restored = await restoreFrom(to, file);
      expect(restored.rows).toBe(summary.rows);
      const [a, b] = [await snapshot(from), await snapshot(to)];
      expect(Object.keys(b)).toEqual(Object.keys(a));
      for (const table of Object.keys(a)) {
        if (table !== 'sync_schedules') expect(b[table]).toEqual(a[table]);
      }
      const runs = await to.db.selectFrom('sync_schedules').select(['pending_since', 'run_owner']).execute();
      expect(runs).toHaveLength(12);
      expect(runs.every((r) => r.pending_since === null && r.run_owner === null)).toBe(true);
    });

    it('restores into a store of the other kind as well', async () => {
      const other = backend === 'pglite' ? 'postgres' : 'pglite';
      if (!backendAvailable(other)) return;
      const test = await freshStore(other);
      const store = await openStore(test.config, quiet);
      try {
        await restoreFrom(store, file);
        expect((await snapshot(store)).account_secrets).toEqual((await snapshot(from)).account_secrets);
      } finally {
        await store.close();
        await test.dispose();
      }
    });

    it('is one instant of the store, whatever commits while it is written', async () => {
      // Accounts come in pairs, each pair in one transaction: a consistent copy has only whole pairs.
      let writing = true;
      const writer = (async () => {
        for (let n = 0; writing; n++) {
          await from.db.transaction().execute(async (trx) => {
            for (const half of ['a', 'b']) {
              await trx
                .insertInto('accounts')
                .values({
                  name: `pair-${n}-${half}`,
                  kind: 'seller',
                  region: 'eu',
                  client_id: 'c',
                  marketplaces: '[]',
                })
                .execute();
            }
          });
        }
      })();
      const copies: string[] = [];
      for (let i = 0; i < 3; i++) {
        const copy = path.join(dir, `${backend}-during-${i}.csm-backup`);
        await backupTo(from, copy);
        copies.push(copy);
      }
      writing = false;
      await writer;
      for (const copy of copies) {
        await restoreFrom(to, copy);
        const names = (await to.db.selectFrom('accounts').select('name').execute()).map((r) => r.name);
        const pairs = names.filter((n) => n.startsWith('pair-'));
        expect(pairs.length % 2).toBe(0);
        for (const name of pairs.filter((n) => n.endsWith('-a')))
          expect(pairs).toContain(name.replace(/-a$/, '-b'));
      }
    });

    it('refuses what is not a csm backup, is damaged, or comes from a newer csm, and leaves the store as it was', async () => {
      await restoreFrom(to, file);
      const before = await snapshot(to);
      const text = path.join(dir, 'notes.txt');
      writeFileSync(text, 'order export, not a backup\n');
      const otherGzip = path.join(dir, 'other.json.gz');
      writeFileSync(otherGzip, gzipSync('{"orders":[]}\n'));
      const altered = path.join(dir, 'altered.csm-backup');
      tamper(file, altered, (lines) => lines.map((l) => l.replace('shop-3', 'shop-X')));
      const cut = path.join(dir, 'cut.csm-backup');
      const whole = readFileSync(file);
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
      const noTrailer = path.join(dir, 'no-trailer.csm-backup');
      tamper(file, noTrailer, (lines) => lines.filter((l) => !l.startsWith('{"csm-backup-end"')));
      const newer = path.join(dir, 'newer.csm-backup');
      tamper(file, newer, (lines) => {
        const header = JSON.parse(lines[0]!) as { migrations: string[] };
        header.migrations.push('9999_from_the_future');
        return [JSON.stringify(header), ...lines.slice(1)];
      });
      expect(await failure(restoreFrom(to, text))).toBe('BACKUP_NOT_CSM');
      expect(await failure(restoreFrom(to, otherGzip))).toBe('BACKUP_NOT_CSM');
      expect(await failure(restoreFrom(to, altered))).toBe('BACKUP_DAMAGED');
      expect(await failure(restoreFrom(to, cut))).toBe('BACKUP_DAMAGED');
      expect(await failure(restoreFrom(to, noTrailer))).toBe('BACKUP_DAMAGED');
      expect(await failure(restoreFrom(to, newer))).toBe('BACKUP_TOO_NEW');
      const refusal = restoreFrom(to, file, {
        beforeCommit: async () => {
          throw new Error('the master key does not open these secrets');
        },
      });
      await expect(refusal).rejects.toThrow(/master key/);
      expect(await snapshot(to)).toEqual(before);
    });
  });
});
