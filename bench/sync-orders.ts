/**
 * Order sync benchmark (docs/sync.md, "Benchmark"). Prints one JSON line of figures on stdout, and what
 * they mean on stderr.
 *
 *   npm run bench:sync -- [--orders 10000] [--rate-scale 60] [--stored 100000] [--database-url URL] [--keep]
 *
 * 1. Sync: the emulator (a child process) serves `--orders` orders across 2 sellers, rate limits on at
 *    `--rate-scale`; both accounts sync at once, as `csm sync` does. Printed: elapsed ÷ the minimum the
 *    searchOrders buckets allow (per seller max(0, pages − burst) ÷ rate; goal ≤ 1.05), the 429s the
 *    emulator sent (goal 0), and the store's ingest rate during the sync (orders ÷ time in page commits).
 * 2. Store at `--stored` orders: orders are added through the sync's own upsert (pages of 100, buyer data
 *    encrypted) until the store holds that many; printed: ingest orders/s (goal ≥ 5,000 embedded), then
 *    `csm orders list` latency (p50/p95 of in-process runs over six filter variants, goal p95 ≤ 100 ms, and of
 *    whole `csm` processes), an ndjson export of everything, and peak RSS with PGlite's share apart
 *    (goal: csm's own ≤ 150 MB; the process ≤ 200 MB on PostgreSQL).
 *
 * PGlite's share is what opening it added to RSS plus the growth of its WebAssembly memory since
 * (`external − arrayBuffers` of `process.memoryUsage()`); csm's share is the rest.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openVault } from '../src/accounts/vault/index.js';
import { OPERATIONS } from '../src/amazon/generated/operations.js';
import { runCli } from '../src/cli/main.js';
import type { CliWriter } from '../src/cli/output/cli-writer.js';
import { createSpApiClient } from '../src/index.js';
import {
  type AmazonOrder,
  piiReader,
  readOrderPages,
  type SyncTarget,
  syncAccount,
  syncClientOptions,
} from '../src/orders/index.js';
import { orderDataKey } from '../src/orders/pii/order-data-key.js';
import { saveOrders } from '../src/orders/repository/save-orders.js';
import { openStore, type StoreConfig } from '../src/store/index.js';
import { realClock } from '../src/time/clock.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '10000' },
    'rate-scale': { type: 'string', default: '60' },
    stored: { type: 'string', default: '100000' },
    'database-url': { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const ORDERS = Number(values.orders);
const RATE_SCALE = Number(values['rate-scale']);
const STORED = Number(values.stored);
const SELLERS = 2;
const say = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1048576);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

// Peak RSS, sampled every 20 ms from the start.
// PGlite's WebAssembly memory is counted in `external` but not in `arrayBuffers` (Node's buffers).
const wasm = (m: NodeJS.MemoryUsage) => m.external - m.arrayBuffers;
const memory = { peakRss: 0, wasmAtPeak: 0, phase: 'start', peakPhase: 'start' };
const sample = () => {
  const m = process.memoryUsage();
  if (m.rss > memory.peakRss) {
    memory.peakRss = m.rss;
    memory.wasmAtPeak = wasm(m);
    memory.peakPhase = memory.phase;
  }
};
const sampler = setInterval(sample, 20);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'csm-bench-sync-'));
const masterKey = randomBytes(32).toString('base64');
const env = {
  CSM_DATA_DIR: dataDir,
  CSM_MASTER_KEY: masterKey,
  ...(values['database-url'] ? { CSM_DATABASE_URL: values['database-url'] } : {}),
};
const config: StoreConfig = values['database-url']
  ? { backend: 'postgres', url: values['database-url'], dataDir }
  : { backend: 'pglite', dataDir };

const emulator = await startEmulatorProcess();
try {
  // The store is created by another csm process first: initdb peaks near 900 MB and PGlite never gives
  // that memory back, while csm normally opens an existing store, the PGlite whose share is measured.
  await timeProcess(['orders', 'list', '--limit', '1'], env);
  const before = process.memoryUsage();
  const store = await openStore(config, { notify: say });
  const opened = process.memoryUsage();
  let figures: Record<string, unknown> = {};
  try {
    const vault = await openVault({ db: store.db, env, dataDir, notify: () => {} });
    const credentials = (await (await fetch(`${emulator.url}/_emulator/credentials`)).json()) as {
      clientId: string;
      clientSecret: string;
      sellers: {
        sellerId: string;
        refreshToken: string;
        region: 'na' | 'eu' | 'fe';
        marketplaceIds: string[];
      }[];
    };
    const targets: SyncTarget[] = [];
    for (const [i, seller] of credentials.sellers.entries()) {
      const row = await store.db
        .insertInto('accounts')
        .values({
          name: `seller-${i + 1}`,
          kind: 'seller',
          region: seller.region,
          client_id: credentials.clientId,
          seller_id: seller.sellerId,
          endpoint: emulator.url,
          marketplaces: JSON.stringify(seller.marketplaceIds.map((id) => ({ id }))),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      targets.push({
        accountId: row.id,
        sellerId: seller.sellerId,
        region: seller.region,
        marketplaceIds: seller.marketplaceIds,
        api: '2026-01-01',
        piiAllowed: true,
      });
    }

    // 1. Sync.
    const clients = credentials.sellers.map((seller, i) =>
      createSpApiClient({
        endpoint: emulator.url,
        lwaEndpoint: `${emulator.url}/auth/o2/token`,
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        refreshToken: seller.refreshToken,
        ...syncClientOptions(targets[i]!),
        rateLimit: { rateScale: RATE_SCALE },
      }),
    );
    // Tokens first, so the timed part is the sync (getMarketplaceParticipations costs no searchOrders token).
    await Promise.all(clients.map((c) => c.call('getMarketplaceParticipations')));
    await fetch(`${emulator.url}/_emulator/stats`, { method: 'DELETE' });
    memory.phase = 'sync';
    say(
      `sync: ${ORDERS} orders across ${SELLERS} sellers, searchOrders at ${RATE_SCALE} × Amazon's rate ...`,
    );
    const started = performance.now();
    const summaries = await Promise.all(
      targets.map((target, i) =>
        syncAccount({
          db: store.db,
          client: clients[i]!,
          clock: realClock,
          vault,
          target,
          since: new Date(Date.now() - 40 * 86_400_000),
        }),
      ),
    );
    const elapsed = (performance.now() - started) / 1000;
    const spec = OPERATIONS.searchOrders;
    const rate = spec.rate * RATE_SCALE;
    const minimum = Math.max(...summaries.map((s) => Math.max(0, s.pages - spec.burst) / rate));
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      operations: Record<string, { requests: number; throttled: number }>;
    };
    const throttled = Object.values(stats.operations).reduce((n, op) => n + op.throttled, 0);
    const synced = summaries.reduce((n, s) => n + s.orders, 0);
    // Both syncs commit through the one database, so their commit times overlap: summed, an upper bound.
    const syncStoreMs = summaries.reduce((n, s) => n + s.storeMs, 0);
    const sync = {
      orders: synced,
      pages: summaries.map((s) => s.pages),
      rate: Number(rate.toFixed(4)),
      burst: spec.burst,
      elapsedSeconds: Number(elapsed.toFixed(2)),
      minimumSeconds: Number(minimum.toFixed(2)),
      ratio: Number((elapsed / minimum).toFixed(3)),
      throttled429: throttled,
      storeSeconds: Number((syncStoreMs / 1000).toFixed(2)),
    };
    say(
      `sync: ${synced} orders in ${sync.elapsedSeconds} s; bucket minimum ${sync.minimumSeconds} s; ratio ${sync.ratio} ` +
        `(goal ≤ 1.05); 429s ${throttled} (goal 0); page commits took ${sync.storeSeconds} s of it`,
    );

    // 2. The store at STORED orders, through the sync's own upsert.
    const templates: AmazonOrder[] = [];
    for await (const page of readOrderPages(
      store.db,
      {},
      { pii: piiReader(store.db, vault), pageSize: 200 },
    )) {
      templates.push(...page.map((r) => r.order));
      break;
    }
    const keys = await Promise.all(targets.map((t) => orderDataKey(store.db, vault, t.accountId)));
    const toAdd = Math.max(0, STORED - synced);
    memory.phase = 'ingest';
    say(`store: adding ${toAdd} orders through the sync's upsert, pages of 100 ...`);
    const span = 30 * 86_400_000;
    const now = Date.now();
    let added = 0;
    const ingestStart = performance.now();
    const ingestCpu = process.cpuUsage();
    while (added < toAdd) {
      const page: AmazonOrder[] = [];
      for (let i = 0; i < 100 && added + i < toAdd; i++) {
        const n = added + i;
        const template = templates[n % templates.length]!;
        const updated = new Date(now - span + Math.floor((n / toAdd) * span))
          .toISOString()
          .replace(/\.\d{3}Z$/, 'Z');
        page.push({
          ...template,
          orderId: `9${String(n % 100).padStart(2, '0')}-${String(n).padStart(7, '0')}-${String((n * 7) % 9_999_999).padStart(7, '0')}`,
          createdTime: updated,
          lastUpdatedTime: updated,
        });
      }
      const account = (added / 100) % 2;
      const accountId = targets[account]!.accountId;
      // What a sync commits per page: its state row (the lease check and page token), then the orders.
      await store.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('order_sync_state')
          .set({ pages_done: added / 100, updated_at: new Date() })
          .where('account_id', '=', accountId)
          .execute();
        await saveOrders(
          trx,
          page.map((order) => ({ api: '2026-01-01' as const, order })),
          { accountId, now: realClock.now(), piiKey: keys[account] },
        );
      });
      added += page.length;
    }
    const ingestSeconds = (performance.now() - ingestStart) / 1000;
    const cpu = process.cpuUsage(ingestCpu);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const ingest = {
      orders: added,
      seconds: Number(ingestSeconds.toFixed(2)),
      ordersPerSecond: Math.round(added / ingestSeconds),
      // This process's CPU time (csm and, embedded, PGlite too): what a busy machine distorts least.
      cpuSeconds: Number(cpuSeconds.toFixed(2)),
      ordersPerCpuSecond: Math.round(added / cpuSeconds),
    };
    say(
      `store: ${added} orders in ${ingest.seconds} s: ${ingest.ordersPerSecond} orders/s (goal ≥ 5,000 embedded); ` +
        `${ingest.ordersPerCpuSecond} orders per CPU second of this process`,
    );
    const total = Number(
      (
        await store.db
          .selectFrom('orders')
          .select(({ fn }) => fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

    // csm orders list, in this process (the store open here, as with csm serve), then as whole processes.
    const variants = [
      ['orders', 'list'],
      ['orders', 'list', '--status', 'unshipped'],
      ['orders', 'list', '--holding', 'new'],
      ['orders', 'list', '--account', 'seller-2'],
      ['orders', 'list', '--since', '7d', '--status', 'shipped'],
      ['orders', 'list', '--status', 'pending_availability'],
    ];
    memory.phase = 'list';
    const inProcess: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (const args of variants) {
        const t = performance.now();
        const code = await runCli(['node', 'csm', ...args], cliContext(env, nullWriter()));
        inProcess.push(performance.now() - t);
        if (code !== 0) throw new Error(`csm ${args.join(' ')} exited ${code}`);
      }
    }
    inProcess.sort((a, b) => a - b);
    const processes: number[] = [];
    for (let i = 0; i < 6; i++) processes.push(await timeProcess(['orders', 'list'], env));
    processes.sort((a, b) => a - b);
    const list = {
      orders: total,
      inProcessP50Ms: Number(percentile(inProcess, 50).toFixed(1)),
      inProcessP95Ms: Number(percentile(inProcess, 95).toFixed(1)),
      processP50Ms: Math.round(percentile(processes, 50)),
    };
    say(
      `csm orders list at ${total} orders: p50 ${list.inProcessP50Ms} ms, p95 ${list.inProcessP95Ms} ms in process ` +
        `(goal p95 ≤ 100 ms); a whole csm process (start-up included): p50 ${list.processP50Ms} ms`,
    );

    // Export everything as ndjson, with buyer data: streamed, so memory stays flat.
    memory.phase = 'export';
    const rssBeforeExport = process.memoryUsage().rss;
    const exportStart = performance.now();
    const sink = nullWriter();
    const code = await runCli(
      ['node', 'csm', 'orders', 'export', '--format', 'ndjson', '--include-pii'],
      cliContext(env, sink),
    );
    if (code !== 0) throw new Error(`export exited ${code}`);
    const exportSeconds = (performance.now() - exportStart) / 1000;
    const exported = {
      orders: sink.lines,
      megabytes: mb(sink.bytes),
      seconds: Number(exportSeconds.toFixed(2)),
      rssGrowthMb: mb(process.memoryUsage().rss - rssBeforeExport),
    };
    say(
      `export: ${exported.orders} orders, ${exported.megabytes} MB of ndjson in ${exported.seconds} s; RSS grew ${exported.rssGrowthMb} MB meanwhile`,
    );

    sample();
    const pgliteShare =
      config.backend === 'pglite' ? opened.rss - before.rss + (memory.wasmAtPeak - wasm(opened)) : 0;
    const rss = {
      backend: config.backend,
      // This process before the store was opened: Node, tsx and csm's modules loaded.
      beforeStoreMb: mb(before.rss),
      peakMb: mb(memory.peakRss),
      peakDuring: memory.peakPhase,
      pgliteShareMb: mb(pgliteShare),
      csmShareMb: mb(memory.peakRss - pgliteShare),
    };
    say(
      config.backend === 'pglite'
        ? `memory: peak RSS ${rss.peakMb} MB (during ${rss.peakDuring}), of which PGlite ${rss.pgliteShareMb} MB and ` +
            `csm ${rss.csmShareMb} MB (goal ≤ 150 MB); ${rss.beforeStoreMb} MB before the store was opened`
        : `memory: peak RSS ${rss.peakMb} MB (during ${rss.peakDuring}) on PostgreSQL (goal ≤ 200 MB); ` +
            `${rss.beforeStoreMb} MB before the store was opened`,
    );
    figures = { sync, ingest, list, export: exported, rss };
  } finally {
    await store.close();
  }
  figures.process = await measureCsmProcess();
  process.stdout.write(`${JSON.stringify(figures)}\n`);
} finally {
  clearInterval(sampler);
  emulator.stop();
  if (values.keep) say(`kept the data directory ${dataDir} (CSM_MASTER_KEY=${masterKey})`);
  else rmSync(dataDir, { recursive: true, force: true });
}

/** The emulator in its own process, so its orders weigh on neither this process's memory nor its CPU. */
async function startEmulatorProcess(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/sync-run-csm.ts',
      'emulator',
      '--sellers',
      String(SELLERS),
      '--orders',
      String(Math.ceil(ORDERS / SELLERS)),
      '--rate-scale',
      String(RATE_SCALE),
      '--seed',
      '7',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

/**
 * The memory of csm as users run it (compiled, `node bin/csm.js`), at the stored orders: peak RSS (VmHWM) of
 * `csm orders export --format ndjson --include-pii` owning the store, and, embedded, PGlite's share: what
 * a bare Node process holds after opening the same directory with PGlite, less that process's start.
 */
async function measureCsmProcess(): Promise<Record<string, unknown>> {
  if (!existsSync('dist/cli/main.js') || process.platform !== 'linux') {
    say('csm process: skipped (needs the compiled csm, npm run build, and Linux /proc)');
    return { skipped: true };
  }
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(
    process.execPath,
    ['bin/csm.js', 'orders', 'export', '--format', 'ndjson', '--include-pii'],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', devNull, 'ignore'],
    },
  );
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // exited
    }
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearInterval(poll);
  closeSync(devNull);
  if (code !== 0) throw new Error(`csm orders export exited ${code}`);
  const peakMb = Math.round(peakKb / 1024);
  if (config.backend !== 'pglite') {
    say(
      `csm process (compiled): csm orders export at ${STORED} orders peaks at ${peakMb} MB RSS (goal ≤ 200 MB on PostgreSQL)`,
    );
    return { exportPeakMb: peakMb };
  }
  const probe = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { PGlite } = await import('@electric-sql/pglite');
       const start = process.memoryUsage().rss;
       const db = await PGlite.create(${JSON.stringify(path.join(dataDir, 'pglite'))});
       await db.query('select count(*) from orders');
       process.stdout.write(String(process.memoryUsage().rss - start));
       await db.close();`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  probe.stdout.on('data', (d: Buffer) => {
    out += d;
  });
  await new Promise((resolve) => probe.once('exit', resolve));
  const pgliteMb = Math.round(Number(out) / 1048576);
  say(
    `csm process (compiled): csm orders export at ${STORED} orders peaks at ${peakMb} MB RSS, of which PGlite ` +
      `about ${pgliteMb} MB and csm ${peakMb - pgliteMb} MB (goal ≤ 150 MB)`,
  );
  return { exportPeakMb: peakMb, pgliteMb, csmMb: peakMb - pgliteMb };
}

/** Milliseconds a whole `csm ARGS` process takes, output discarded. */
async function timeProcess(args: string[], extra: Record<string, string>): Promise<number> {
  // Output to /dev/null opened for writing (csm takes an 'ignore'd stdout for a closed one).
  const devNull = openSync('/dev/null', 'w');
  const t = performance.now();
  // The compiled csm when it is built (npm ci builds it), as users run it; else the sources through tsx.
  const entry = existsSync('dist/cli/main.js')
    ? ['bin/csm.js']
    : ['--import', 'tsx', 'bench/sync-run-csm.ts'];
  const child = spawn(process.execPath, [...entry, ...args], {
    env: { ...process.env, ...extra },
    stdio: ['ignore', devNull, 'inherit'],
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  closeSync(devNull);
  if (code !== 0) throw new Error(`csm ${args.join(' ')} exited ${code}`);
  return performance.now() - t;
}

function nullWriter(): CliWriter & { bytes: number; lines: number } {
  return {
    bytes: 0,
    lines: 0,
    write(chunk) {
      this.bytes += Buffer.byteLength(chunk);
      for (let i = chunk.indexOf('\n'); i >= 0; i = chunk.indexOf('\n', i + 1)) this.lines++;
    },
    flush: () => Promise.resolve(),
  };
}

function cliContext(environment: Record<string, string>, stdout: CliWriter) {
  return {
    stdout,
    stderr: nullWriter(),
    env: environment,
    waitForStop: () => ({ stopped: new Promise<string>(() => {}), dispose: () => {} }),
  };
}
