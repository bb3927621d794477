import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, buildHttpApp, createToken } from '../../src/http/index.js';
import { syncAccount } from '../../src/orders/sync/index.js';
import { realClock } from '../../src/time/clock.js';
import { type SyncWorld, syncWorld } from '../orders/support/sync-harness.js';
import { bearer, type Session, signIn } from './support/auth-world.js';

interface Summary {
  orderId: string;
  account: string;
  status: string | null;
  fulfillment: 'AFN' | 'MFN' | null;
  holding: string;
  lastUpdatedTime: string;
}

describe('REST API /api/v1 on orders synced from the emulator', () => {
  let world: SyncWorld;
  let app: FastifyInstance;
  let ada: Session;
  let bob: Session;
  const tokens: Record<string, string> = {};
  let total = 0;

  beforeAll(async () => {
    world = await syncWorld({ emulator: { seed: 31, orders: 90, sellers: 2 } });
    for (const [i, target] of world.targets.entries()) {
      await syncAccount({
        db: world.store.db,
        client: world.client(i),
        clock: realClock,
        vault: world.vault,
        target,
      });
    }
    const db = world.store.db;
    total = Number(
      (
        await db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    await addUser(db, { name: 'ada', password: 'ada-password-1', admin: true, pii: true });
    await addUser(db, { name: 'bob', password: 'bob-password-2', accounts: ['seller-1'] });
    tokens.read = (await createToken(db, { name: 'reader', scope: 'read' })).token;
    tokens.write = (await createToken(db, { name: 'erp', scope: 'write' })).token;
    tokens.pii = (await createToken(db, { name: 'erp-pii', scope: 'read', pii: true })).token;
    tokens.s2 = (await createToken(db, { name: 'erp-s2', scope: 'write', accounts: ['seller-2'] })).token;
    app = await buildHttpApp({ db, vault: world.vault });
    ada = await signIn(app, 'ada', 'ada-password-1');
    bob = await signIn(app, 'bob', 'bob-password-2');
  });
  afterAll(async () => {
    await app?.close();
    await world?.close();
  });

  const get = (url: string, headers: Record<string, string> = bearer(tokens.read ?? '')) =>
    app.inject({ method: 'GET', url, headers });

  async function allPages(query: string, headers?: Record<string, string>): Promise<Summary[][]> {
    const pages: Summary[][] = [];
    let cursor: string | null = null;
    do {
      const res = await get(
        `/api/v1/orders?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        headers,
      );
      expect(res.statusCode).toBe(200);
      const body = res.json() as { orders: Summary[]; nextCursor: string | null };
      pages.push(body.orders);
      cursor = body.nextCursor;
    } while (cursor && pages.length < 100);
    return pages;
  }

  it('pages through every order exactly once, newest update first', async () => {
    expect(total).toBeGreaterThan(100);
    const pages = await allPages('limit=7');
    const all = pages.flat();
    expect(pages.slice(0, -1).every((p) => p.length === 7)).toBe(true);
    expect(all).toHaveLength(total);
    expect(new Set(all.map((o) => `${o.account}/${o.orderId}`)).size).toBe(total);
    const times = all.map((o) => Date.parse(o.lastUpdatedTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by account, status, fulfillment, holding, marketplace, search and updatedSince', async () => {
    const s1 = (await allPages('account=seller-1&limit=500')).flat();
    expect(s1.length).toBeGreaterThan(0);
    expect(s1.every((o) => o.account === 'seller-1')).toBe(true);
    const afn = (await allPages('fulfillment=AFN&limit=500')).flat();
    const mfn = (await allPages('fulfillment=MFN&limit=500')).flat();
    expect(afn.length).toBeGreaterThan(0);
    expect(mfn.length).toBeGreaterThan(0);
    expect(afn.every((o) => o.fulfillment === 'AFN')).toBe(true);
    expect(mfn.every((o) => o.fulfillment === 'MFN')).toBe(true);
    const shipped = (await allPages('status=SHIPPED&limit=500')).flat();
    expect(shipped.every((o) => o.status === 'SHIPPED')).toBe(true);
    const one = s1[3]!;
    const search = (await allPages(`q=${one.orderId.slice(0, 12)}`)).flat();
    expect(search.map((o) => o.orderId)).toContain(one.orderId);
    expect(search.every((o) => o.orderId.startsWith(one.orderId.slice(0, 12)))).toBe(true);
    const since = (
      await allPages(`updatedSince=${encodeURIComponent(one.lastUpdatedTime)}&limit=500`)
    ).flat();
    expect(since.every((o) => o.lastUpdatedTime >= one.lastUpdatedTime)).toBe(true);
    expect(since.map((o) => o.orderId)).toContain(one.orderId);
  });

  it('answers bad input with 400 VALIDATION_FAILED naming the field', async () => {
    for (const [query, field] of [
      ['limit=501', 'limit'],
      ['limit=zero', 'limit'],
      ['fulfillment=FBA', 'fulfillment'],
      ['holding=lost', 'holding'],
      ['updatedSince=yesterday', 'updatedSince'],
      ['cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['colour=red', 'colour'],
      ['account=nobody', 'account'],
    ] as const) {
      const res = await get(`/api/v1/orders?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json(), query).toMatchObject({ error: { code: 'VALIDATION_FAILED', field } });
    }
    const ack = await app.inject({
      method: 'POST',
      url: '/api/v1/orders/ack',
      headers: bearer(tokens.write ?? ''),
      payload: { orderIds: ['1', ''], status: 'exported' },
    });
    expect(ack.statusCode).toBe(400);
    expect(ack.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'orderIds[1]' } });
    const missing = await app.inject({
      method: 'POST',
      url: '/api/v1/orders/ack',
      headers: bearer(tokens.write ?? ''),
      payload: { orderIds: ['1'] },
    });
    expect(missing.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'status' } });
  });

  it('limits a user to their accounts everywhere: lists, one order, acknowledgements, accounts, sync, stats', async () => {
    const cookie = { cookie: bob.cookie };
    const seen = (await allPages('limit=500', cookie)).flat();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((o) => o.account === 'seller-1')).toBe(true);
    const other = (await allPages('account=seller-2&limit=1', { cookie: ada.cookie })).flat()[0]!;
    expect((await get(`/api/v1/orders/${other.orderId}`, cookie)).statusCode).toBe(404);
    const asked = await get('/api/v1/orders?account=seller-2', cookie);
    expect(asked.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'account' } });
    const ack = await app.inject({
      method: 'POST',
      url: '/api/v1/orders/ack',
      headers: { ...cookie, 'x-csrf-token': bob.csrfToken },
      payload: { orderIds: [other.orderId], status: 'complete' },
    });
    expect(ack.statusCode).toBe(404);
    const row = await world.store.db
      .selectFrom('orders')
      .select('holding')
      .where('order_id', '=', other.orderId)
      .executeTakeFirstOrThrow();
    expect(row.holding).not.toBe('complete');
    expect(
      (await get('/api/v1/accounts', cookie)).json().accounts.map((a: { name: string }) => a.name),
    ).toEqual(['seller-1']);
    expect(
      (await get('/api/v1/sync', cookie)).json().accounts.map((a: { account: string }) => a.account),
    ).toEqual(['seller-1']);
    const statsBob = (await get('/api/v1/stats/orders-per-day?days=366', cookie)).json().days;
    const statsAll = (await get('/api/v1/stats/orders-per-day?days=366')).json().days;
    const sum = (days: { total: number }[]) => days.reduce((n, d) => n + d.total, 0);
    expect(sum(statsBob)).toBeLessThan(sum(statsAll));
    // A token limited to seller-2 likewise.
    const s2 = (await allPages('limit=500', bearer(tokens.s2 ?? ''))).flat();
    expect(s2.every((o) => o.account === 'seller-2')).toBe(true);
    expect(s2.length + seen.length).toBe(total);
  });

  it('masks buyer and recipient data unless revealed by a principal with the pii permission, and audit-logs each reveal', async () => {
    const withPii = await world.store.db
      .selectFrom('order_pii')
      .innerJoin('accounts', 'accounts.id', 'order_pii.account_id')
      .select(['order_pii.order_id', 'accounts.name', 'order_pii.account_id'])
      .where('accounts.name', '=', 'seller-1')
      .limit(1)
      .executeTakeFirstOrThrow();
    const url = `/api/v1/orders/${withPii.order_id}`;
    const masked = await get(url, { cookie: ada.cookie });
    expect(masked.statusCode).toBe(200);
    const order = masked.json().order;
    expect(order).toMatchObject({ orderId: withPii.order_id, account: 'seller-1', pii: 'masked' });
    expect(order.buyer === null || order.buyer.masked === true).toBe(true);
    expect(order.recipient === null || order.recipient.masked === true).toBe(true);
    expect(order.items.length).toBeGreaterThan(0);

    const before = await world.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'pii.reveal')
      .execute();
    const revealed = await get(`${url}?reveal=pii`, { cookie: ada.cookie });
    expect(revealed.json().order.pii).toBe('revealed');
    const buyerOrRecipient = revealed.json().order.buyer ?? revealed.json().order.recipient;
    expect(buyerOrRecipient).not.toBeNull();
    expect(buyerOrRecipient.masked).toBeUndefined();
    const after = await world.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'pii.reveal')
      .execute();
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)).toMatchObject({
      actor_kind: 'user',
      actor: 'ada',
      account_id: withPii.account_id,
      order_id: withPii.order_id,
    });
    // The masked answer and the audit entry hold none of it.
    const secret = JSON.stringify(buyerOrRecipient);
    for (const value of Object.values(buyerOrRecipient).filter(
      (v) => typeof v === 'string' && v.length > 3,
    )) {
      expect(masked.body).not.toContain(value as string);
      expect(JSON.stringify(after.at(-1))).not.toContain(value as string);
    }
    expect(secret.length).toBeGreaterThan(10);

    const bobReveal = await get(`${url}?reveal=pii`, { cookie: bob.cookie });
    expect(bobReveal.statusCode).toBe(403);
    expect(bobReveal.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await get(`${url}?reveal=pii`, bearer(tokens.read ?? ''))).statusCode).toBe(403);
    const tokenReveal = await get(`${url}?reveal=pii`, bearer(tokens.pii ?? ''));
    expect(tokenReveal.json().order.pii).toBe('revealed');
    const last = await world.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'pii.reveal')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ actor_kind: 'token', actor: 'erp-pii' });
  });

  it('acknowledges orders with a write token or a session with its CSRF token; a read token gets 403', async () => {
    const [first, second] = (await allPages('account=seller-2&limit=2')).flat();
    const ids = [first!.orderId, second!.orderId];
    const ack = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/orders/ack',
        headers,
        payload: { orderIds: ids, status: 'exported' },
      });
    const read = await ack(bearer(tokens.read ?? ''));
    expect(read.statusCode).toBe(403);
    expect(read.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    expect((await ack({ cookie: ada.cookie })).json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    const done = await ack(bearer(tokens.write ?? ''));
    expect(done.statusCode).toBe(200);
    expect(done.json()).toEqual({ orderIds: ids, status: 'exported' });
    const listed = (await allPages('holding=exported&limit=500')).flat().map((o) => o.orderId);
    expect(listed).toEqual(expect.arrayContaining(ids));
    const bySession = await app.inject({
      method: 'POST',
      url: '/api/v1/orders/ack',
      headers: { cookie: ada.cookie, 'x-csrf-token': ada.csrfToken },
      payload: { orderIds: ids, status: 'complete' },
    });
    expect(bySession.statusCode).toBe(200);
    const unknown = await ack(bearer(tokens.write ?? '')).then(() =>
      app.inject({
        method: 'POST',
        url: '/api/v1/orders/ack',
        headers: bearer(tokens.write ?? ''),
        payload: { orderIds: [ids[0], '999-0000000-0000000'], status: 'new' },
      }),
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND', field: 'orderIds' } });
  });

  it('lists accounts without secrets, sync status, orders per day, and queues a sync', async () => {
    const accounts = await get('/api/v1/accounts');
    expect(accounts.statusCode).toBe(200);
    const body = accounts.json().accounts;
    expect(body.map((a: { name: string }) => a.name)).toEqual(['seller-1', 'seller-2']);
    expect(body[0]).toMatchObject({ kind: 'seller', health: { state: expect.any(String) } });
    const text = accounts.body;
    const secret = world.emulator.credentials.clientSecret;
    expect(text).not.toContain(secret);
    expect(text).not.toContain(world.emulator.credentials.sellers[0]!.refreshToken);

    const sync = (await get('/api/v1/sync')).json().accounts;
    expect(sync[0]).toMatchObject({ account: 'seller-1', throttled: 0 });
    expect(sync[0].watermark).not.toBeNull();
    expect(typeof sync[0].watermarkAgeSeconds).toBe('number');

    const stats = (await get('/api/v1/stats/orders-per-day?days=366')).json().days;
    expect(stats).toHaveLength(366);
    const sum = stats.reduce((n: number, d: { total: number }) => n + d.total, 0);
    const afn = stats.reduce(
      (n: number, d: { byFulfillment: { AFN: number } }) => n + d.byFulfillment.AFN,
      0,
    );
    expect(sum).toBeGreaterThan(0);
    expect(afn).toBeGreaterThan(0);

    const read = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/seller-1/sync',
      headers: bearer(tokens.read ?? ''),
    });
    expect(read.statusCode).toBe(403);
    const queued = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/seller-1/sync',
      headers: bearer(tokens.write ?? ''),
    });
    expect(queued.statusCode).toBe(202);
    expect(queued.json()).toEqual({ account: 'seller-1', state: 'requested' });
    const row = await world.store.db
      .selectFrom('sync_schedules')
      .select('requested_at')
      .where('account_id', '=', world.targets[0]!.accountId)
      .executeTakeFirstOrThrow();
    expect(row.requested_at).not.toBeNull();
    const nobody = await app.inject({
      method: 'POST',
      url: '/api/v1/accounts/nobody/sync',
      headers: bearer(tokens.write ?? ''),
    });
    expect(nobody.statusCode).toBe(404);
  });
});
