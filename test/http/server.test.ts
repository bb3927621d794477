import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp, createToken, httpServePart } from '../../src/http/index.js';
import { startServe } from '../../src/serve/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';

const quiet = { notify: () => {} };

describe('the HTTP server', () => {
  let test: TestStore;
  let store: Store;

  beforeAll(async () => {
    test = await freshPgliteStore();
    store = await openStore(test.config, quiet);
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
  });

  it('answers /healthz without auth while the store answers', async () => {
    const app = await buildHttpApp({ db: store.db });
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', store: 'ok' });
    await app.close();
  });

  it('answers an unknown route with the catalogue’s NOT_FOUND, once authenticated (401 before: routes are not told)', async () => {
    const app = await buildHttpApp({ db: store.db });
    const { token } = await createToken(store.db, { name: 'probe', scope: 'read' });
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(anonymous.statusCode).toBe(401);
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/nothing-here',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    await app.close();
  });

  it('joins csm serve as a part: listens on a free port, finishes a request in flight at a stop, then refuses', async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = () => {};
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    let url = '';
    const serve = await startServe({
      db: store.db,
      runner: async () => ({ outcome: 'complete', orders: 0, created: 0, updated: 0, recheckUpdated: 0 }),
      deleteExpiredPii: async () => 0,
      onEvent: () => {},
      concurrency: 0,
      parts: [
        httpServePart({
          port: 0,
          onListening: (at) => {
            url = at;
          },
          plugins: [
            async (app) => {
              app.get('/slow', { config: { public: true } }, async () => {
                entered();
                await gate;
                return { done: true };
              });
            },
          ],
        }),
      ],
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await (await fetch(new URL('healthz', url))).json()).toEqual({ status: 'ok', store: 'ok' });

    const inFlight = fetch(new URL('slow', url));
    await inHandler;
    const stopping = serve.stop('test');
    release();
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ done: true });
    await stopping;
    await expect(fetch(new URL('healthz', url))).rejects.toThrow();
  });

  it('answers 503 on /healthz when the store is gone', async () => {
    const other = await freshPgliteStore();
    const closing = await openStore(other.config, quiet);
    const app = await buildHttpApp({ db: closing.db });
    await closing.close();
    const res = await app.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ status: 'unavailable', store: 'unavailable' });
    await app.close();
    await other.dispose();
  });
});
