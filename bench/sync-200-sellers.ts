/**
 * Scheduler benchmark: many sellers in one `csm serve` process, rate limits on. The emulator runs in its
 * own process (as Amazon is another machine) with `--sellers N`, a few orders each and a rate scale; csm
 * runs the scheduler and its workers in this process on a fresh embedded store (or PostgreSQL with
 * `CSM_DATABASE_URL`), every account on a fixed cadence (no idle stretching, so each cadence is measured).
 * It watches the first round (every account due at once) and then `--rounds` more cadences, and prints one
 * JSON line on stdout: the lag of every sync start behind its due time (worst, p95, p50), the first round
 * apart, whether every start came within its cadence, the 429s the emulator counted, failures, peak RSS.
 *
 *   npx tsx bench/sync-200-sellers.ts [--sellers 200] [--orders 20] [--rate-scale 10] [--cadence 300]
 *     [--rounds 2] [--concurrency 10]
 *
 * It takes `(rounds + 1) × cadence` at least: 15 minutes by default; `--cadence 60` for a quick look.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AccountRepository } from '../src/accounts/account-repository.js';
import { openVault } from '../src/accounts/vault/index.js';
import type { EmulatorCredentials } from '../src/emulator/index.js';
import { deleteExpiredPii } from '../src/orders/index.js';
import { accountSyncRunner, setSchedule, startServe } from '../src/serve/index.js';
import { openStore, resolveStoreConfig } from '../src/store/index.js';
import { realClock } from '../src/time/clock.js';

const { values } = parseArgs({
  options: {
    sellers: { type: 'string', default: '200' },
    orders: { type: 'string', default: '20' },
    'rate-scale': { type: 'string', default: '10' },
    cadence: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '10' },
  },
});
const sellers = Number(values.sellers);
const orders = Number(values.orders);
const rateScale = Number(values['rate-scale']);
const cadenceS = Number(values.cadence);
const rounds = Number(values.rounds);
const concurrency = Number(values.concurrency);
const say = (line: string) => process.stderr.write(`bench: ${line}\n`);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `csm emulator` in a process of its own; resolves with its URL and credentials. */
async function startEmulatorProcess() {
  const child = spawn(
    process.execPath,
    [
      path.join(root, 'bin/csm.js'),
      'emulator',
      '--sellers',
      String(sellers),
      '--orders',
      String(orders),
      '--rate-scale',
      String(rateScale),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data;
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening`)));
  });
  const credentials = (await (await fetch(`${url}/_emulator/credentials`)).json()) as EmulatorCredentials;
  return { url, credentials, close: () => child.kill('SIGTERM') };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const emulator = await startEmulatorProcess();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'csm-bench-sellers-'));
const env = { ...process.env, CSM_DATA_DIR: dataDir, CSM_MASTER_KEY: randomBytes(32).toString('base64') };
const store = await openStore(resolveStoreConfig(env), { notify: say });
let peakRss = process.memoryUsage().rss;
const rssTimer = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 500);
try {
  const vault = await openVault({ db: store.db, env, dataDir, notify: say });
  const accounts = new AccountRepository(store.db, vault);
  say(`connecting ${sellers} seller accounts`);
  const now = new Date(realClock.now());
  for (const [i, seller] of emulator.credentials.sellers.entries()) {
    const account = await accounts.add({
      name: `seller-${String(i + 1).padStart(3, '0')}`,
      kind: 'seller',
      region: seller.region,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      refreshToken: seller.refreshToken,
      sellerId: seller.sellerId,
      endpoint: emulator.url,
      marketplaces: seller.marketplaceIds.map((id) => ({
        id,
        countryCode: '',
        name: id,
        participating: true,
        suspendedListings: false,
      })),
    });
    await setSchedule(store.db, account.id, { intervalSeconds: cadenceS, maxIdleSeconds: cadenceS }, now);
  }

  const starts = new Map<string, number[]>();
  const lags: { lagMs: number; round: number }[] = [];
  let failures = 0;
  let allFirstDone: number | undefined;
  let firstDone = 0;
  const started = realClock.now();
  let finishedRounds!: () => void;
  const done = new Promise<void>((resolve) => {
    finishedRounds = resolve;
  });
  const serve = await startServe({
    db: store.db,
    runner: accountSyncRunner({
      db: store.db,
      vault,
      clock: realClock,
      client: { rateLimit: { rateScale } },
    }),
    deleteExpiredPii: () => deleteExpiredPii({ db: store.db, clock: realClock }),
    concurrency,
    onEvent: (event) => {
      if (event.type === 'sync-start') {
        const list = starts.get(event.accountId) ?? [];
        list.push(realClock.now());
        starts.set(event.accountId, list);
        lags.push({ lagMs: event.lagMs, round: list.length });
        if ([...starts.values()].filter((l) => l.length > rounds).length === sellers) finishedRounds();
      }
      if (event.type === 'sync-end') {
        if (event.outcome.kind === 'failed') {
          failures += 1;
          say(`a sync failed: ${event.outcome.message}`);
        }
        if ((starts.get(event.accountId)?.length ?? 0) === 1 && event.outcome.kind !== 'failed') {
          firstDone += 1;
          if (firstDone === sellers) allFirstDone = realClock.now() - started;
        }
      }
      if (event.type === 'error') say(`${event.where}: ${event.message}`);
    },
  });
  say(
    `csm serve runs ${sellers} accounts with ${concurrency} workers, every ${cadenceS} s: waiting for the first ` +
      `round and ${rounds} more cadences, about ${Math.ceil(((rounds + 1) * cadenceS) / 60)} minutes`,
  );
  const progress = setInterval(() => {
    const counts = [...starts.values()].map((l) => l.length);
    say(
      `${counts.reduce((a, b) => a + b, 0)} syncs started so far, worst lag ${Math.max(0, ...lags.map((l) => l.lagMs))} ms`,
    );
  }, 60_000);
  await done;
  clearInterval(progress);
  await serve.stop('benchmark over');
  const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
    operations: Record<string, { requests: number; throttled: number }>;
  };
  const throttled = Object.values(stats.operations).reduce((n, s) => n + s.throttled, 0);
  const sorted = (list: number[]) => [...list].sort((a, b) => a - b);
  const all = sorted(lags.map((l) => l.lagMs));
  const later = sorted(lags.filter((l) => l.round > 1).map((l) => l.lagMs));
  const first = sorted(lags.filter((l) => l.round === 1).map((l) => l.lagMs));
  const figures = {
    sellers,
    ordersPerSeller: orders,
    rateScale,
    cadenceSeconds: cadenceS,
    concurrency,
    backend: store.backend,
    syncsStarted: lags.length,
    worstLagMs: all[all.length - 1] ?? 0,
    p95LagMs: percentile(all, 95),
    p50LagMs: percentile(all, 50),
    firstRound: { worstLagMs: first[first.length - 1] ?? 0, allDoneSeconds: (allFirstDone ?? 0) / 1000 },
    laterRounds: { worstLagMs: later[later.length - 1] ?? 0, p95LagMs: percentile(later, 95) },
    everyStartWithinCadence: (all[all.length - 1] ?? 0) < cadenceS * 1000,
    throttled429: throttled,
    failures,
    peakRssMb: Math.round(peakRss / 2 ** 20),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  say(
    `${sellers} sellers every ${cadenceS} s: worst lag ${figures.worstLagMs} ms (first round ${figures.firstRound.worstLagMs} ms, ` +
      `later ${figures.laterRounds.worstLagMs} ms), ${throttled} 429s, ${failures} failures`,
  );
} finally {
  clearInterval(rssTimer);
  await store.close();
  emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
}
