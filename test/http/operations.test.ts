import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, buildHttpApp, createToken, SpApiCounters } from '../../src/http/index.js';
import { syncAccount } from '../../src/orders/sync/index.js';
import { realClock } from '../../src/time/clock.js';
import { type SyncWorld, setFaults, syncWorld } from '../orders/support/sync-harness.js';
import { bearer, signIn } from './support/auth-world.js';

describe('/metrics and the request log', () => {
  let world: SyncWorld;
  let app: FastifyInstance;
  const counters = new SpApiCounters();
  const log: string[] = [];
  let token = '';

  beforeAll(async () => {
    world = await syncWorld({ emulator: { seed: 7, orders: 40, sellers: 2 } });
    for (const [i, target] of world.targets.entries()) {
      await syncAccount({
        db: world.store.db,
        client: world.client(i, { onEvent: (event) => counters.record(target.accountId, event) }),
        clock: realClock,
        vault: world.vault,
        target,
      });
    }
    // One call answered 429 every time, not retried: a throttled attempt counted for seller-1.
    await setFaults(world.emulator, 'getMarketplaceParticipations:429=1');
    const throttled = world.client(0, {
      retry: false,
      onEvent: (event) => counters.record(world.targets[0]!.accountId, event),
    });
    await throttled.call('getMarketplaceParticipations').catch(() => {});
    await setFaults(world.emulator, '');
    await addUser(world.store.db, { name: 'ada', password: 'ada-password-1', admin: true, pii: true });
    token = (await createToken(world.store.db, { name: 'scraper', scope: 'read', pii: true })).token;
    app = await buildHttpApp({
      db: world.store.db,
      vault: world.vault,
      spApiCounters: counters,
      webhookFailures: async () => ({ attempts: 3, givenUp: 1 }),
      log: { write: (line) => log.push(line) },
    });
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  it('answers a direct loopback scraper without credentials, others only with a token', async () => {
    const local = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toContain('text/plain; version=0.0.4');
    const remote = await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(401);
    const proxied = await app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '127.0.0.1',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.statusCode).toBe(401);
    const withToken = await app.inject({
      method: 'GET',
      url: '/metrics',
      remoteAddress: '10.1.2.3',
      headers: bearer(token),
    });
    expect(withToken.statusCode).toBe(200);
  });

  it('says sync lag per account, orders stored, SP-API calls and 429s by operation, webhook failures', async () => {
    const text = (await app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).body;
    expect(text).toMatch(/^# TYPE csm_sync_watermark_age_seconds gauge$/m);
    expect(text).toMatch(/^csm_sync_watermark_age_seconds\{account="seller-1"\} \d+(\.\d+)?$/m);
    const stored = await world.store.db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account_id', '=', world.targets[1]!.accountId)
      .executeTakeFirstOrThrow();
    expect(text).toContain(`csm_orders_stored{account="seller-2"} ${stored.n}`);
    expect(text).toMatch(/^csm_spapi_requests_total\{operation="searchOrders",status="200"\} [1-9]\d*$/m);
    expect(text).toContain(
      'csm_spapi_requests_total{operation="getMarketplaceParticipations",status="429"} 1',
    );
    expect(text).toContain('csm_spapi_throttled_total{operation="getMarketplaceParticipations"} 1');
    expect(text).toContain('csm_webhook_delivery_failures_total 3');
    expect(text).toMatch(/^csm_http_requests_total\{method="GET",status="401"\} \d+$/m);
    // The sync status tells the account's 429s from the same counters.
    const sync = await app.inject({ method: 'GET', url: '/api/v1/sync', headers: bearer(token) });
    const accounts = sync.json().accounts as { account: string; throttled: number }[];
    expect(accounts.find((a) => a.account === 'seller-1')?.throttled).toBe(1);
    expect(accounts.find((a) => a.account === 'seller-2')?.throttled).toBe(0);
  });

  it('logs one JSON line per request, without cookies, tokens, passwords, queries or buyer data', async () => {
    log.length = 0;
    const session = await signIn(app, 'ada', 'ada-password-1');
    const withPii = await world.store.db
      .selectFrom('order_pii')
      .select('order_id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const revealed = await app.inject({
      method: 'GET',
      url: `/api/v1/orders/${withPii.order_id}?reveal=pii`,
      headers: { cookie: session.cookie },
    });
    expect(revealed.statusCode).toBe(200);
    await app.inject({ method: 'GET', url: '/api/v1/orders?q=secret-search', headers: bearer(token) });
    await app.inject({ method: 'GET', url: '/setup?token=setup-secret-value' });
    const lines = log.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.map((l) => l.path)).toContain(`/api/v1/orders/${withPii.order_id}`);
    expect(lines.find((l) => l.path === '/login')).toMatchObject({
      method: 'POST',
      status: 200,
      principal: null,
    });
    const text = log.join('\n');
    const order = revealed.json().order as {
      buyer: Record<string, unknown> | null;
      recipient: Record<string, unknown> | null;
    };
    const piiValues = [order.buyer, order.recipient]
      .flatMap((o) => Object.values(o ?? {}))
      .flatMap((v) => (typeof v === 'string' ? [v] : typeof v === 'object' && v ? Object.values(v) : []))
      .filter((v): v is string => typeof v === 'string' && v.length > 3);
    expect(piiValues.length).toBeGreaterThan(0);
    for (const secret of [
      session.cookie.split('=')[1] ?? '',
      session.csrfToken,
      token,
      'ada-password-1',
      'secret-search',
      'setup-secret-value',
      ...piiValues,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
