import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { it } from 'vitest';
import type { StoreConfig } from '../../../src/store/index.js';

/** The two backends the store tests run against. */
export type Backend = 'pglite' | 'postgres';

/** The PostgreSQL server the tests make their databases on (.ci/run sets it, from scripts/postgres-up). */
export const TEST_DATABASE_URL = process.env.CSM_TEST_DATABASE_URL?.trim() || undefined;
export const BACKENDS: readonly Backend[] = ['pglite', 'postgres'];

/**
 * Whether a backend's tests can run here; call it inside a `describe`. PostgreSQL needs
 * `CSM_TEST_DATABASE_URL`: without it its tests are skipped outside CI, and in CI (`CI=true`) a failing
 * test says why, so a run without the server can never pass.
 */
export function backendAvailable(backend: Backend): boolean {
  if (backend === 'pglite' || TEST_DATABASE_URL) return true;
  if (process.env.CI === 'true') {
    it('has a PostgreSQL server to test against (CSM_TEST_DATABASE_URL)', () => {
      throw new Error(
        'CI=true but CSM_TEST_DATABASE_URL is unset: npm test starts PostgreSQL with scripts/postgres-up (test/support/postgres.ts)',
      );
    });
  }
  return false;
}

/** A fresh, empty store of one backend in a temporary data directory; `dispose` removes it all. */
export interface TestStore {
  readonly config: StoreConfig;
  readonly dataDir: string;
  /** PostgreSQL only: the test database's URL (for pg_dump). */
  readonly url?: string;
  dispose(): Promise<void>;
}

export async function freshStore(backend: Backend): Promise<TestStore> {
  return backend === 'pglite' ? freshPgliteStore() : freshPostgresStore();
}

/** A temporary data directory (mode 0700 like the real one); removed by the caller. */
export function tempDataDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'csm-store-test-'));
}

/**
 * A data directory whose `pglite/` is a copy of an empty PGlite database. Creating one (initdb) takes
 * seconds and nearly 900 MB; copying takes a tenth of a second. The template is made once per machine and
 * PGlite version, moved into place by rename so concurrent test files never see half of it.
 */
export async function freshPgliteStore(options: { empty?: boolean } = {}): Promise<TestStore> {
  const dataDir = tempDataDir();
  if (!options.empty) cpSync(await pgliteTemplate(), path.join(dataDir, 'pglite'), { recursive: true });
  return {
    config: { backend: 'pglite', dataDir },
    dataDir,
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function pgliteTemplate(): Promise<string> {
  const pkg = fileURLToPath(
    new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url),
  );
  const version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  const template = path.join(os.tmpdir(), `csm-test-pglite-template-${version}`);
  try {
    readFileSync(path.join(template, 'PG_VERSION'));
    return template;
  } catch {
    // not made yet
  }
  const building = `${template}.${process.pid}.${randomBytes(4).toString('hex')}`;
  mkdirSync(building, { recursive: true });
  const db = await PGlite.create(building);
  await db.close();
  try {
    renameSync(building, template);
  } catch {
    rmSync(building, { recursive: true, force: true }); // another test file made it first
  }
  return template;
}

/** A new database on the test server, dropped by `dispose`. */
export async function freshPostgresStore(): Promise<TestStore> {
  if (!TEST_DATABASE_URL) {
    throw new Error(
      'CSM_TEST_DATABASE_URL is not set: in CI, .ci/run starts PostgreSQL and sets it (scripts/postgres-up)',
    );
  }
  const name = `csm_t_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const dataDir = tempDataDir();
  return {
    config: { backend: 'postgres', url: url.toString(), dataDir },
    dataDir,
    url: url.toString(),
    dispose: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await dropDatabase(name);
    },
  };
}

/**
 * Drops a test database. `with (force)` cannot end a process of the server's own superuser, such as an
 * autovacuum worker that happens to be busy in the database: that is retried for a while, then the
 * database is left to the throwaway test server.
 */
async function dropDatabase(name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(`drop database if exists ${name} with (force)`);
      return;
    } catch (error) {
      if (!/pg_signal_backend|being accessed by other users/.test(String(error))) throw error;
      if (attempt === 10) {
        process.stderr.write(`test store: left database ${name} behind (a server process is busy in it)\n`);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
