import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSetupToken } from '../../src/http/index.js';
import { openStore } from '../../src/store/index.js';
import { freshPgliteStore } from '../store/support/test-stores.js';
import { createFakeClock } from '../support/fake-clock.js';
import { type AuthWorld, authWorld, bearer, PASSWORDS, sessionCookie, signIn } from './support/auth-world.js';

describe('auth of the HTTP app', () => {
  let world: AuthWorld;
  let app: FastifyInstance;

  beforeAll(async () => {
    world = await authWorld();
    app = await world.build();
  });
  afterAll(async () => {
    await app?.close();
    await world?.dispose();
  });

  it('answers the API with 401 UNAUTHENTICATED without credentials, and with an unknown or malformed token', async () => {
    for (const headers of [
      {},
      bearer('csm_nope'),
      { authorization: 'Basic YWRhOnB3' },
      { cookie: 'csm_session=forged' },
    ]) {
      const res = await app.inject({ method: 'GET', url: '/api/v1/me', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('redirects pages to the login page, keeping where the user was going', async () => {
    const res = await app.inject({ method: 'GET', url: '/orders?status=SHIPPED' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/login?next=${encodeURIComponent('/orders?status=SHIPPED')}`);
    const login = await app.inject({ method: 'GET', url: '/login?next=%2Forders' });
    expect(login.statusCode).toBe(200);
    expect(login.headers['content-type']).toContain('text/html');
    expect(login.body).toContain('name="password"');
    expect(login.body).toContain('value="/orders"');
  });

  it('signs in with JSON: an HttpOnly, SameSite=Lax session cookie (Secure over HTTPS) and /api/v1/me with the CSRF token', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/login',
      payload: { name: 'bob', password: PASSWORDS.bob },
    });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^csm_session=[A-Za-z0-9_-]{43}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: sessionCookie(res) },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      user: { name: 'bob', kind: 'session', admin: false, pii: false, scope: 'write', accounts: ['s1'] },
      csrfToken: res.json().csrfToken,
    });
    // The store keeps neither the cookie's value nor the password.
    const value = sessionCookie(res).split('=')[1] ?? '';
    const rows = await world.store.db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(value);
    const user = await world.store.db
      .selectFrom('users')
      .select('password_hash')
      .where('name', '=', 'bob')
      .executeTakeFirstOrThrow();
    expect(user.password_hash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(user.password_hash).not.toContain(PASSWORDS.bob);

    const behindProxy = await world.build({ trustProxy: true });
    const https = await behindProxy.inject({
      method: 'POST',
      url: '/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { name: 'bob', password: PASSWORDS.bob },
    });
    expect(String(https.headers['set-cookie'])).toMatch(/; Secure$/);
    // Without trust, a client's own X-Forwarded-Proto changes nothing.
    const spoofed = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { name: 'bob', password: PASSWORDS.bob },
    });
    expect(String(spoofed.headers['set-cookie'])).not.toContain('Secure');
    await behindProxy.close();
  });

  it('signs in with the form and goes where the user was going, never to another site', async () => {
    const form = (next: string, password: string = PASSWORDS.ada) =>
      app.inject({
        method: 'POST',
        url: '/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ name: 'ada', password, next }).toString(),
      });
    const ok = await form('/orders?status=SHIPPED');
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/orders?status=SHIPPED');
    expect((await form('//evil.example/')).headers.location).toBe('/');
    expect((await form('https://evil.example/')).headers.location).toBe('/');
    const wrong = await form('/', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('wrong user name or password');
  });

  it('requires the session’s CSRF token on state-changing requests by cookie, not on bearer requests', async () => {
    const session = await signIn(app, 'ada', PASSWORDS.ada);
    const logout = (headers: Record<string, string>) =>
      app.inject({
        method: 'POST',
        url: '/logout',
        headers: { cookie: session.cookie, ...headers },
        payload: {},
      });
    const missing = await logout({});
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    const wrong = await logout({ 'x-csrf-token': `${session.csrfToken.slice(0, -1)}x` });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toMatchObject({ error: { code: 'CSRF_FAILED' } });
    // Another session's token is no good either.
    const other = await signIn(app, 'ada', PASSWORDS.ada);
    expect((await logout({ 'x-csrf-token': other.csrfToken })).statusCode).toBe(403);

    const right = await logout({ 'x-csrf-token': session.csrfToken });
    expect(right.statusCode).toBe(204);
    expect(String(right.headers['set-cookie'])).toContain('Max-Age=0');
    const after = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: session.cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('takes bearer tokens by scope: a read token may not change anything; a revoked token is refused', async () => {
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(world.tokens.read) });
    expect(me.json()).toMatchObject({
      user: { name: 'reader', kind: 'token', scope: 'read' },
      csrfToken: null,
    });
    const write = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: bearer(world.tokens.read),
      payload: {},
    });
    expect(write.statusCode).toBe(403);
    expect(write.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const writer = await app.inject({
      method: 'POST',
      url: '/logout',
      headers: bearer(world.tokens.write),
      payload: {},
    });
    expect(writer.statusCode).toBe(204);

    const stored = await world.store.db.selectFrom('api_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(world.tokens.read);
    await world.store.db
      .updateTable('api_tokens')
      .set({ revoked_at: new Date() })
      .where('name', '=', 'reader')
      .execute();
    const revoked = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: bearer(world.tokens.read),
    });
    expect(revoked.statusCode).toBe(401);
    await world.store.db
      .updateTable('api_tokens')
      .set({ revoked_at: null })
      .where('name', '=', 'reader')
      .execute();
  });

  it('throttles failed sign-ins per user: after 5, a 429 with Retry-After even for the right password, until it passes', async () => {
    const clock = createFakeClock(Date.UTC(2026, 10, 1));
    const throttled = await world.build({ clock });
    const attempt = (password: string, ip = '10.0.0.7') =>
      throttled.inject({
        method: 'POST',
        url: '/login',
        remoteAddress: ip,
        payload: { name: 'bob', password },
      });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).statusCode).toBe(401);
    const sixth = await attempt('wrong-password');
    expect(sixth.statusCode).toBe(401);
    const blocked = await attempt(PASSWORDS.bob, '10.0.0.8');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    expect(blocked.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    // Each further failure doubles the wait.
    clock.advance(1000);
    expect((await attempt('wrong-password')).statusCode).toBe(401);
    const longer = await attempt(PASSWORDS.bob);
    expect(longer.statusCode).toBe(429);
    expect(longer.headers['retry-after']).toBe('2');
    clock.advance(2000);
    expect((await attempt(PASSWORDS.bob)).statusCode).toBe(200);
    const failures = await world.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor', '=', 'bob')
      .where('action', '=', 'login.failed')
      .execute();
    expect(failures.length).toBe(7);
    await throttled.close();
  }, 180_000);

  it('throttles per client address too: one address guessing many names is blocked for every name', async () => {
    const clock = createFakeClock(Date.UTC(2026, 10, 2));
    const throttled = await world.build({ clock });
    const attempt = (name: string, password: string, ip: string) =>
      throttled.inject({ method: 'POST', url: '/login', remoteAddress: ip, payload: { name, password } });
    for (let i = 0; i < 6; i++)
      expect((await attempt(`guess${i}`, 'wrong-password', '10.9.9.9')).statusCode).toBe(401);
    const blocked = await attempt('ada', PASSWORDS.ada, '10.9.9.9');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    // Another address is not held back by it.
    expect((await attempt('ada', PASSWORDS.ada, '10.9.9.10')).statusCode).toBe(200);
    await throttled.close();
  }, 180_000);

  it('gives a store without users a one-time setup link that creates the first admin', async () => {
    const other = await freshPgliteStore();
    const store = await openStore(other.config, { notify: () => {} });
    try {
      const { buildHttpApp } = await import('../../src/http/index.js');
      const fresh = await buildHttpApp({ db: store.db });
      const token = await createSetupToken(store.db, new Date());
      expect(token).toBeDefined();
      const page = await fresh.inject({ method: 'GET', url: `/setup?token=${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Create the first admin');
      const short = await fresh.inject({
        method: 'POST',
        url: '/setup',
        payload: { token, name: 'root', password: 'short' },
      });
      expect(short.statusCode).toBe(400);
      expect(short.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'password' } });
      const made = await fresh.inject({
        method: 'POST',
        url: '/setup',
        payload: { token, name: 'root', password: 'a-long-password' },
      });
      expect(made.statusCode).toBe(200);
      const me = await fresh.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { cookie: sessionCookie(made) },
      });
      expect(me.json()).toMatchObject({ user: { name: 'root', admin: true, pii: true, accounts: null } });
      const again = await fresh.inject({ method: 'GET', url: `/setup?token=${token}` });
      expect(again.statusCode).toBe(404);
      expect(await createSetupToken(store.db, new Date())).toBeUndefined();
      await fresh.close();
    } finally {
      await store.close();
      await other.dispose();
    }
  });
});
