/**
 * Stock update benchmark (docs/writeback.md, "Benchmark"). Prints one JSON line of figures on stdout, and
 * what they mean on stderr.
 *
 *   npm run bench:stock -- [--updates 1000] [--rate-scale 5] [--via auto|patch|feed] [--processing-ms 5000]
 *
 * `--updates` stock updates of distinct SKUs go through `csm stock set --file` (in this process, as a user
 * runs it: the store, its shared rate-limit buckets, the checks, then the path `--via` picks) against the
 * emulator in a child process with rate limits on at `--rate-scale`. Printed: elapsed; the minimum
 * Amazon's limits allow for the same calls (the existence checks, searchListingsItems 20 SKUs a call at 5/s
 * burst 5, then patchListingsItem at 5/s burst 5: max(0, calls − burst) ÷ rate each, at the scaled rate),
 * their ratio, and the 429s the emulator sent (goal 0). Every quantity is then checked in the emulator's
 * listings. With `--via feed` the minimum is the checks plus the feed's processing time (`--processing-ms`,
 * the emulator's time in queue and in progress), the uploads and polls being extra.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AccountRepository } from '../src/accounts/index.js';
import { openVault } from '../src/accounts/vault/index.js';
import { OPERATIONS } from '../src/amazon/generated/operations.js';
import { MARKETPLACES } from '../src/amazon/marketplaces.js';
import { runCli } from '../src/cli/main.js';
import type { CliWriter } from '../src/cli/output/cli-writer.js';
import { openStore } from '../src/store/index.js';

const { values } = parseArgs({
  options: {
    updates: { type: 'string', default: '1000' },
    'rate-scale': { type: 'string', default: '5' },
    via: { type: 'string', default: 'auto' },
    'processing-ms': { type: 'string', default: '5000' },
  },
});
const UPDATES = Number(values.updates);
const RATE_SCALE = Number(values['rate-scale']);
const VIA = values.via;
const PROCESSING_MS = Number(values['processing-ms']);
const say = (line: string) => process.stderr.write(`${line}\n`);

const emulator = await startEmulatorProcess();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'csm-bench-stock-'));
try {
  const masterKey = randomBytes(32).toString('base64');
  const env = { CSM_DATA_DIR: dataDir, CSM_MASTER_KEY: masterKey };
  const control = async (p: string, init?: { method: string; body?: unknown }) => {
    const res = await fetch(`${emulator.url}/_emulator${p}`, {
      method: init?.method ?? 'GET',
      ...(init?.body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
    });
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status} ${await res.text()}`);
    return res.status === 204 ? undefined : ((await res.json()) as Record<string, unknown>);
  };
  const credentials = (await control('/credentials')) as unknown as {
    clientId: string;
    clientSecret: string;
    sellers: { sellerId: string; refreshToken: string; region: 'na'; marketplaceIds: string[] }[];
  };
  const seller = credentials.sellers[0]!;
  const marketplaceId = seller.marketplaceIds[0]!;

  // The account, stored as csm connect stores it.
  const store = await openStore({ backend: 'pglite', dataDir }, { notify: () => {} });
  const vault = await openVault({ db: store.db, env, dataDir, notify: () => {} });
  await new AccountRepository(store.db, vault).add({
    name: 'bench',
    kind: 'seller',
    region: seller.region,
    clientId: credentials.clientId,
    clientSecret: credentials.clientSecret,
    refreshToken: seller.refreshToken,
    sellerId: seller.sellerId,
    marketplaces: seller.marketplaceIds.map((id) => ({
      id,
      countryCode: MARKETPLACES[id]?.countryCode ?? '',
      name: MARKETPLACES[id]?.name ?? id,
      participating: true,
      suspendedListings: false,
    })),
    endpoint: emulator.url,
  });
  await store.close();

  // Distinct seller-fulfilled SKUs, and a file setting each one's stock.
  const { skus } = (await control('/listings', {
    method: 'POST',
    body: { sellerId: seller.sellerId, count: UPDATES, fulfilledBy: 'MERCHANT', skuPrefix: 'BENCH' },
  })) as { skus: string[] };
  const wanted = new Map(skus.map((sku, i) => [sku, (i * 7919) % 500]));
  const file = path.join(dataDir, 'stock.csv');
  writeFileSync(file, `sku,quantity\n${[...wanted].map(([sku, q]) => `${sku},${q}`).join('\n')}\n`);
  await control('/processing', {
    method: 'PUT',
    body: { inQueueMs: PROCESSING_MS / 2, inProgressMs: PROCESSING_MS / 2 },
  });
  await control('/stats', { method: 'DELETE' });

  // The run, timed; stderr lines kept with their times to split the phases.
  const marks: { at: number; line: string }[] = [];
  const started = performance.now();
  const code = await runCli(
    [
      'node',
      'csm',
      'stock',
      'set',
      '--file',
      file,
      '--account',
      'bench',
      '--marketplace',
      marketplaceId,
      '--rate-scale',
      String(RATE_SCALE),
      '--via',
      VIA,
      '--json',
    ],
    {
      stdout: nullWriter(),
      stderr: {
        write(chunk) {
          for (const line of chunk.split('\n').filter(Boolean))
            marks.push({ at: performance.now() - started, line });
        },
        flush: () => Promise.resolve(),
      },
      env,
      waitForStop: () => ({ stopped: new Promise<string>(() => {}), dispose: () => {} }),
    },
  );
  const elapsedMs = performance.now() - started;
  if (code !== 0) throw new Error(`csm stock set exited ${code}: ${marks.map((m) => m.line).join('\n')}`);
  const sendingAt = marks.find((m) => /^csm stock set: sending/.test(m.line))?.at ?? 0;
  const via = marks.some((m) => /JSON_LISTINGS_FEED\)$/.test(m.line)) ? 'feed' : 'patch';

  const stats = (
    (await control('/stats')) as { operations: Record<string, { requests: number; throttled: number }> }
  ).operations;
  const throttled = Object.values(stats).reduce((n, s) => n + s.throttled, 0);
  const rows = (
    (await control(`/listings?sellerId=${seller.sellerId}`)) as {
      listings: { sku: string; marketplaceId: string; quantity: number | null }[];
    }
  ).listings;
  const wrong = rows.filter(
    (r) => r.marketplaceId === marketplaceId && wanted.has(r.sku) && r.quantity !== wanted.get(r.sku),
  ).length;

  // The minimum Amazon's limits allow for the calls made: max(0, calls − burst) ÷ rate per bucket, in order.
  const minimum = (op: 'searchListingsItems' | 'patchListingsItem', calls: number) =>
    (Math.max(0, calls - OPERATIONS[op].burst) / (OPERATIONS[op].rate * RATE_SCALE)) * 1000;
  const checksMinMs = minimum('searchListingsItems', Math.ceil(UPDATES / 20));
  const sendMinMs = via === 'patch' ? minimum('patchListingsItem', UPDATES) : PROCESSING_MS;
  const minimumMs = checksMinMs + sendMinMs;
  const figures = {
    updates: UPDATES,
    via,
    rateScale: RATE_SCALE,
    elapsedS: round(elapsedMs / 1000),
    minimumS: round(minimumMs / 1000),
    ratio: round(elapsedMs / minimumMs, 3),
    checksS: round(sendingAt / 1000),
    checksMinimumS: round(checksMinMs / 1000),
    sendS: round((elapsedMs - sendingAt) / 1000),
    sendMinimumS: round(sendMinMs / 1000),
    throttled,
    wrongQuantities: wrong,
    atAmazonsRateS: round(
      (checksMinMs * RATE_SCALE + (via === 'patch' ? sendMinMs * RATE_SCALE : sendMinMs)) / 1000,
    ),
    requests: Object.fromEntries(Object.entries(stats).map(([op, s]) => [op, s.requests])),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  say(
    `${UPDATES} stock updates via ${via} at ${RATE_SCALE}× Amazon's rates: ${figures.elapsedS} s against a minimum of ` +
      `${figures.minimumS} s (ratio ${figures.ratio}; checks ${figures.checksS} s of ${figures.checksMinimumS} s, ` +
      `sending ${figures.sendS} s of ${figures.sendMinimumS} s), ${throttled} 429(s), ${wrong} quantity(ies) wrong; ` +
      `at Amazon's own rates the minimum is ${figures.atAmazonsRateS} s`,
  );
  if (wrong > 0 || throttled > 0) process.exitCode = 1;
} finally {
  emulator.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

function round(n: number, digits = 2): number {
  return Math.round(n * 10 ** digits) / 10 ** digits;
}

/** The emulator in its own process, so it takes none of this process's CPU. */
async function startEmulatorProcess(): Promise<{ url: string; stop(): void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/sync-run-csm.ts',
      'emulator',
      '--sellers',
      '1',
      '--orders',
      '20',
      '--rate-scale',
      String(RATE_SCALE),
      '--seed',
      '11',
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

function nullWriter(): CliWriter {
  return { write() {}, flush: () => Promise.resolve() };
}
