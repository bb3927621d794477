import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import type { Vault } from '../../../../src/accounts/vault/index.js';
import { type RunningEmulator, startEmulator } from '../../../../src/emulator/index.js';
import { addUser, buildHttpApp } from '../../../../src/http/index.js';
import { openStore, type Store } from '../../../../src/store/index.js';
import { realClock } from '../../../../src/time/clock.js';
import { testMasterKey, testVault } from '../../../serve/support/accounts.js';
import { freshPgliteStore, type TestStore } from '../../../store/support/test-stores.js';
import { launchChromium } from './browser.js';
import { seedDemoStore } from './demo-store.js';

/** The users of the browser tests: an admin who may reveal buyer data, and a user who may not. */
export const USERS = {
  admin: { name: 'ada', password: 'ada-password-1' },
  clerk: { name: 'carl', password: 'carl-password-2' },
} as const;

/** A real csm app on loopback over a real store and the emulator, and chromium to drive it. */
export interface DashboardWorld {
  readonly emulator: RunningEmulator;
  readonly store: Store;
  readonly vault: Vault;
  readonly app: FastifyInstance;
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  readonly accounts: readonly string[];
  readonly browser: Browser;
  /** A new browser context (its own cookies) and page. */
  page(): Promise<Page>;
  /** A page signed in as `user` through the login form. */
  signedIn(user: { name: string; password: string }, next?: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts the emulator (two sellers), a fresh embedded store with both sellers connected and synced as
 * `csm connect` and `csm sync` leave them, the two users, the HTTP app of `csm serve` listening on a free
 * loopback port, and chromium.
 */
export async function dashboardWorld(options: { orders?: number } = {}): Promise<DashboardWorld> {
  const emulator = await startEmulator({ sellers: 2, orders: options.orders ?? 120, rateLimits: false });
  let test: TestStore | undefined;
  let store: Store | undefined;
  let app: FastifyInstance | undefined;
  let browser: Browser | undefined;
  try {
    test = await freshPgliteStore();
    store = await openStore(test.config, { notify: () => {} });
    const vault = await testVault(store, testMasterKey());
    const accounts = await seedDemoStore(store, vault, emulator);
    await addUser(store.db, { ...USERS.admin, admin: true, pii: true });
    await addUser(store.db, { ...USERS.clerk });
    app = await buildHttpApp({ db: store.db, vault, clock: realClock });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchChromium();
    const opened = { test, store, app, browser };
    const page = async () => {
      const context = await opened.browser.newContext({ baseURL: url });
      return context.newPage();
    };
    return {
      emulator,
      store,
      vault,
      app,
      url,
      accounts,
      browser,
      page,
      async signedIn(user, next = '/') {
        const p = await page();
        await p.goto(`/login?next=${encodeURIComponent(next)}`);
        await p.fill('input[name=name]', user.name);
        await p.fill('input[name=password]', user.password);
        await p.click('button[type=submit]');
        await p.waitForSelector('#who form.logout');
        return p;
      },
      async close() {
        await opened.browser.close();
        await opened.app.close();
        await opened.store.close();
        await opened.test.dispose();
        await emulator.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await app?.close();
    await store?.close();
    await test?.dispose();
    await emulator.close();
    throw error;
  }
}
