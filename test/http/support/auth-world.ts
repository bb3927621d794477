import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { addUser, buildHttpApp, createToken, type HttpDeps } from '../../../src/http/index.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { insertSellers, testMasterKey, testVault } from '../../serve/support/accounts.js';
import { freshPgliteStore, type TestStore } from '../../store/support/test-stores.js';

/** Passwords of the test users (at least 10 characters). */
export const PASSWORDS = { ada: 'ada-password-1', bob: 'bob-password-2' } as const;

/** A store with two seller accounts, an admin with PII (ada), a user limited to `s1` (bob), and tokens. */
export interface AuthWorld {
  readonly test: TestStore;
  readonly store: Store;
  readonly masterKey: string;
  /** Account ids of `s1` and `s2`. */
  readonly accountIds: readonly string[];
  readonly tokens: { read: string; write: string; writeS2: string; pii: string };
  build(extra?: Partial<HttpDeps>): Promise<FastifyInstance>;
  dispose(): Promise<void>;
}

export async function authWorld(): Promise<AuthWorld> {
  const test = await freshPgliteStore();
  const store = await openStore(test.config, { notify: () => {} });
  const masterKey = testMasterKey();
  const vault = await testVault(store, masterKey);
  const accountIds = await insertSellers(store, vault, [
    { name: 's1', sellerId: 'SELLER1' },
    { name: 's2', sellerId: 'SELLER2' },
  ]);
  await addUser(store.db, { name: 'ada', password: PASSWORDS.ada, admin: true, pii: true });
  await addUser(store.db, { name: 'bob', password: PASSWORDS.bob, accounts: ['s1'] });
  const tokens = {
    read: (await createToken(store.db, { name: 'reader', scope: 'read' })).token,
    write: (await createToken(store.db, { name: 'erp', scope: 'write' })).token,
    writeS2: (await createToken(store.db, { name: 'erp-s2', scope: 'write', accounts: ['s2'] })).token,
    pii: (await createToken(store.db, { name: 'erp-pii', scope: 'read', pii: true })).token,
  };
  return {
    test,
    store,
    masterKey,
    accountIds,
    tokens,
    build: (extra = {}) => buildHttpApp({ db: store.db, vault, ...extra }),
    async dispose() {
      await store.close();
      await test.dispose();
    },
  };
}

/** A signed-in browser: its session cookie and CSRF token. */
export interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
}

/** Signs in with JSON; fails the test unless it worked. */
export async function signIn(app: FastifyInstance, name: string, password: string): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/login', payload: { name, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${name} answered ${res.statusCode}: ${res.body}`);
  return { cookie: sessionCookie(res), csrfToken: (res.json() as { csrfToken: string }).csrfToken };
}

/** `csm_session=VALUE` from an answer's Set-Cookie. */
export function sessionCookie(res: LightMyRequestResponse): string {
  const header = res.headers['set-cookie'];
  const value = (Array.isArray(header) ? header[0] : header) ?? '';
  return value.split(';')[0] ?? '';
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
