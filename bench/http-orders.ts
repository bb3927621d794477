/**
 * HTTP benchmark (docs/http-api.md, "Benchmark"). Prints one JSON line of figures on stdout, what they mean
 * on stderr.
 *
 *   npm run bench:http -- [--stored 100000] [--requests 200]
 *
 * An emulator (in this process) serves 2 sellers; both are synced, then the store is filled to `--stored`
 * orders through the sync's own upsert (as bench/sync-orders.ts does). The app is started on 127.0.0.1 as
 * `csm serve` starts it, and real HTTP requests measure the p95 latency (goal ≤ 100 ms) of
 * `GET /api/v1/orders` with filters (and deep pages through cursors), and of the dashboard's orders page
 * when the dashboard has one; then the server's RSS (this process: app, store and emulator together).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AccountRepository } from '../src/accounts/account-repository.js';
import { openVault } from '../src/accounts/vault/index.js';
import { startEmulator } from '../src/emulator/index.js';
import { addUser, buildHttpApp, createToken } from '../src/http/index.js';
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
import { openStore } from '../src/store/index.js';
import { realClock } from '../src/time/clock.js';

const { values } = parseArgs({
  options: {
    stored: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '200' },
  },
});
const STORED = Number(values.stored);
const REQUESTS = Number(values.requests);
const say = (line: string) => process.stderr.write(`${line}\n`);
const mb = (bytes: number) => Math.round(bytes / 1048576);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'csm-bench-http-'));
const emulator = await startEmulator({ sellers: 2, orders: 400, seed: 5, rateLimits: false });
const store = await openStore({ backend: 'pglite', dataDir }, { notify: () => {} });
try {
  const vault = await openVault({
    db: store.db,
    env: { CSM_MASTER_KEY: randomBytes(32).toString('base64') },
    dataDir,
    notify: () => {},
  });
  const accounts = new AccountRepository(store.db, vault);
  const targets: SyncTarget[] = [];
  for (const [i, seller] of emulator.credentials.sellers.entries()) {
    const account = await accounts.add({
      name: `seller-${i + 1}`,
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
    targets.push({
      accountId: account.id,
      sellerId: seller.sellerId,
      region: seller.region,
      marketplaceIds: seller.marketplaceIds,
      api: '2026-01-01',
      piiAllowed: true,
    });
  }
  say(`sync: 2 sellers from the emulator ...`);
  for (const [i, target] of targets.entries()) {
    const seller = emulator.credentials.sellers[i]!;
    const client = createSpApiClient({
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      refreshToken: seller.refreshToken,
      sellerId: seller.sellerId,
      region: seller.region,
      endpoint: emulator.url,
      lwaEndpoint: `${emulator.url}/auth/o2/token`,
      ...syncClientOptions(target),
    });
    await syncAccount({ db: store.db, client, clock: realClock, vault, target });
  }

  // The store at STORED orders, through the sync's own upsert (as bench/sync-orders.ts).
  const templates: AmazonOrder[] = [];
  for await (const page of readOrderPages(store.db, {}, { pii: piiReader(store.db, vault), pageSize: 200 })) {
    templates.push(...page.map((r) => r.order));
    break;
  }
  const synced = templates.length;
  const keys = await Promise.all(targets.map((t) => orderDataKey(store.db, vault, t.accountId)));
  const toAdd = Math.max(0, STORED - synced);
  say(`store: adding ${toAdd} orders through the sync's upsert ...`);
  const span = 30 * 86_400_000;
  const now = Date.now();
  for (let added = 0; added < toAdd; ) {
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
    await saveOrders(
      store.db,
      page.map((order) => ({ api: '2026-01-01' as const, order })),
      { accountId: targets[account]!.accountId, now: realClock.now(), piiKey: keys[account] },
    );
    added += page.length;
  }
  const total = Number(
    (
      await store.db
        .selectFrom('orders')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  await store.db
    .executeQuery({ sql: 'analyze', parameters: [], query: { kind: 'RawNode' } } as never)
    .catch(() => {});

  await addUser(store.db, { name: 'bench', password: 'bench-password-1', admin: true, pii: true });
  const token = (await createToken(store.db, { name: 'bench', scope: 'read' })).token;
  const app = await buildHttpApp({ db: store.db, vault });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', password: 'bench-password-1' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

  async function timed(
    url: string,
    headers: Record<string, string>,
  ): Promise<{ ms: number; body: string; status: number }> {
    const started = performance.now();
    const res = await fetch(`${base}${url}`, { headers });
    const body = await res.text();
    return { ms: performance.now() - started, body, status: res.status };
  }
  async function measure(name: string, urls: () => string, headers: Record<string, string>) {
    for (let i = 0; i < 10; i++) await timed(urls(), headers); // warm-up
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const answer = await timed(urls(), headers);
      if (answer.status !== 200)
        throw new Error(`${name}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
      times.push(answer.ms);
    }
    times.sort((a, b) => a - b);
    const figures = {
      p50: round(percentile(times, 50)),
      p95: round(percentile(times, 95)),
      max: round(times.at(-1) ?? 0),
    };
    say(
      `${name}: p50 ${figures.p50} ms, p95 ${figures.p95} ms (goal ≤ 100 ms), max ${figures.max} ms over ${REQUESTS} requests`,
    );
    return figures;
  }
  const auth = { authorization: `Bearer ${token}` };
  // Cursors deep in the list: the 50th page of the unfiltered list, and of MFN orders.
  const deepCursor = async (query: string) => {
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const res = await fetch(`${base}/api/v1/orders?${query}&limit=50${cursor ? `&cursor=${cursor}` : ''}`, {
        headers: auth,
      });
      cursor = ((await res.json()) as { nextCursor: string | null }).nextCursor;
    }
    return cursor ?? '';
  };
  const deep = await deepCursor('fulfillment=MFN');
  const variants = [
    '/api/v1/orders?status=SHIPPED&limit=50',
    '/api/v1/orders?fulfillment=MFN&limit=50',
    '/api/v1/orders?account=seller-2&holding=new&limit=50',
    `/api/v1/orders?fulfillment=MFN&limit=50&cursor=${deep}`,
    '/api/v1/orders?q=905-&limit=50',
    '/api/v1/orders?limit=500',
  ];
  let v = 0;
  const api = await measure(
    'GET /api/v1/orders (6 filter variants, one deep page)',
    () => variants[v++ % variants.length]!,
    auth,
  );
  const perVariant: Record<string, unknown> = {};
  for (const url of variants)
    perVariant[url.replace(/cursor=[^&]+/, 'cursor=page51')] = await measure(
      `  ${url.slice(0, 70)}`,
      () => url,
      auth,
    );

  const page = await timed('/orders', { cookie });
  let pageFigures: unknown = null;
  if (page.status === 200 && page.body.includes('<')) {
    pageFigures = await measure('GET /orders (the dashboard’s orders page)', () => '/orders?status=SHIPPED', {
      cookie,
    });
  } else {
    say(`GET /orders (the dashboard’s orders page): not measured, this build has none (HTTP ${page.status})`);
  }
  const rss = mb(process.memoryUsage().rss);
  say(
    `server RSS after the runs: ${rss} MB (this one process: the app, the embedded PGlite store with ${total} orders, and the emulator)`,
  );
  process.stdout.write(
    `${JSON.stringify({ orders: total, requests: REQUESTS, api, perVariant, ordersPage: pageFigures, rssMb: rss })}\n`,
  );
  await app.close();
} finally {
  await store.close();
  await emulator.close();
  rmSync(dataDir, { recursive: true, force: true });
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
