/**
 * Store benchmark: the same `pg`/Kysely code on embedded PGlite (behind csm's socket server) and on
 * PostgreSQL. Prints open and connect times, point-query latency, concurrent throughput and ingest rate.
 *
 *   CSM_TEST_DATABASE_URL=postgres://… npx tsx bench/store-backends.ts [--rows 20000] [--queries 1000]
 *
 * Without CSM_TEST_DATABASE_URL only PGlite is measured (scripts/postgres-up prints a URL for a local server).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store, type StoreConfig } from '../src/store/index.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '20000' },
    queries: { type: 'string', default: '1000' },
  },
});
const ROWS = Number(values.rows);
const QUERIES = Number(values.queries);
const PER_TRANSACTION = 100;
// About 2 KB of JSON per row, like an order with its items.
const payload = JSON.stringify({
  items: Array.from({ length: 12 }, (_, i) => ({ sku: `SKU-${i}`, note: randomBytes(60).toString('hex') })),
});

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function measure(name: string, config: StoreConfig): Promise<void> {
  let start = process.hrtime.bigint();
  let store: Store = await openStore(config, { notify: () => {} });
  const firstOpen = ms(start);
  await store.close();
  start = process.hrtime.bigint();
  store = await openStore(config, { notify: () => {} });
  const reopen = ms(start);
  // PGlite runs in this process; for PostgreSQL this is only the client (and what PGlite left behind).
  const rssMb = Math.round(process.memoryUsage().rss / 1e6);
  try {
    // A new connection, as another csm process would open one.
    const connection = store.socketDir
      ? { host: store.socketDir, port: 5432, user: 'postgres', database: 'postgres' }
      : { connectionString: config.backend === 'postgres' ? config.url : '' };
    const connects: number[] = [];
    for (let i = 0; i < 20; i++) {
      start = process.hrtime.bigint();
      const client = new pg.Client(connection);
      await client.connect();
      await client.query('select 1');
      connects.push(ms(start));
      await client.end();
    }
    connects.sort((a, b) => a - b);

    await sql`create table bench_rows (id bigint generated always as identity primary key, name text not null, payload jsonb not null)`.execute(
      store.db,
    );
    start = process.hrtime.bigint();
    for (let done = 0; done < ROWS; done += PER_TRANSACTION) {
      const batch = Array.from({ length: Math.min(PER_TRANSACTION, ROWS - done) }, (_, i) => ({
        name: `row-${done + i}`,
        payload,
      }));
      await store.db.transaction().execute(async (trx) => {
        await sql`insert into bench_rows (name, payload) select * from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as r(name text, payload jsonb)`.execute(
          trx,
        );
      });
    }
    const multiRowRate = ROWS / (ms(start) / 1000);
    const singles = Math.min(ROWS, 5000);
    start = process.hrtime.bigint();
    for (let done = 0; done < singles; done += PER_TRANSACTION) {
      await store.db.transaction().execute(async (trx) => {
        for (let i = 0; i < PER_TRANSACTION; i++) {
          await sql`insert into bench_rows (name, payload) values (${`single-${done + i}`}, ${payload}::jsonb)`.execute(
            trx,
          );
        }
      });
    }
    const singleRowRate = singles / (ms(start) / 1000);
    await sql`create index on bench_rows (name)`.execute(store.db);

    const latencies: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const name = `row-${(i * 7919) % ROWS}`;
      start = process.hrtime.bigint();
      await sql`select id, payload from bench_rows where name = ${name}`.execute(store.db);
      latencies.push(ms(start));
    }
    latencies.sort((a, b) => a - b);

    start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 4 }, async (_, worker) => {
        for (let i = 0; i < QUERIES / 4; i++) {
          await sql`select id from bench_rows where name = ${`row-${(worker * 1000 + i) % ROWS}`}`.execute(
            store.db,
          );
        }
      }),
    );
    const concurrentRate = QUERIES / (ms(start) / 1000);

    const f = (n: number) => n.toFixed(n < 10 ? 2 : 0);
    console.log(`\n${name}`);
    console.log(
      `  open: first ${f(firstOpen)} ms, again ${f(reopen)} ms${store.backend === 'pglite' ? `; process RSS after open ${rssMb} MB` : ''}`,
    );
    console.log(
      `  new connection + select 1: p50 ${f(percentile(connects, 50))} ms, p95 ${f(percentile(connects, 95))} ms`,
    );
    console.log(
      `  point query (indexed, 2 KB row): p50 ${f(percentile(latencies, 50))} ms, p99 ${f(percentile(latencies, 99))} ms`,
    );
    console.log(`  point queries on 4 connections at once: ${f(concurrentRate)} queries/s`);
    console.log(
      `  ingest, ${PER_TRANSACTION} rows per transaction: one multi-row INSERT ${f(multiRowRate)} rows/s, single-row INSERTs ${f(singleRowRate)} rows/s`,
    );
  } finally {
    await store.close();
  }
}

/** Runs on a throwaway database: PGlite in a temporary directory, or a new database on the server. */
async function withDatabase(
  backend: 'pglite' | 'postgres',
  run: (config: StoreConfig) => Promise<void>,
): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'csm-bench-'));
  const admin = backend === 'postgres' ? new pg.Client({ connectionString: SERVER_URL }) : undefined;
  const database = `csm_bench_${randomBytes(4).toString('hex')}`;
  try {
    if (!admin) return await run({ backend: 'pglite', dataDir });
    await admin.connect();
    await admin.query(`create database ${database}`);
    const url = new URL(SERVER_URL as string);
    url.pathname = `/${database}`;
    await run({ backend: 'postgres', url: url.toString(), dataDir });
  } finally {
    if (admin) {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const SERVER_URL = process.env.CSM_TEST_DATABASE_URL?.trim();
console.log(
  `store benchmark: ${ROWS} rows of ${payload.length} B JSON, ${QUERIES} queries (node ${process.version})`,
);
await withDatabase('pglite', (config) => measure('PGlite (embedded, behind csm socket server)', config));
if (SERVER_URL) {
  await withDatabase('postgres', (config) => measure('PostgreSQL (server on loopback TCP)', config));
} else {
  console.log('\nPostgreSQL: not measured (set CSM_TEST_DATABASE_URL; scripts/postgres-up prints one)');
}
