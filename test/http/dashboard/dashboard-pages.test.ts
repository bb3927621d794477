import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { assetBytes, loadAssets } from '../../../src/http/dashboard/dashboard-assets.js';
import {
  CONTENT_SECURITY_POLICY,
  dashboardPages,
  PAGE_ROUTES,
} from '../../../src/http/dashboard/dashboard-pages.js';

describe("the dashboard's pages and assets", () => {
  it('serves the app shell at every page route, with a CSP that allows only its own origin', async () => {
    const app = Fastify();
    await app.register((scope) => dashboardPages(scope));
    for (const route of PAGE_ROUTES) {
      const res = await app.inject({ url: route.replace(':id', '111-2223334-4445556') });
      expect(res.statusCode, route).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(res.body).toContain('<script type="module" src="/assets/main.js"></script>');
    }
    // No CDN, no inline script: every script and stylesheet comes from this origin.
    const shell = (await app.inject({ url: '/' })).body;
    expect(shell).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(shell).not.toMatch(/<script>(?!<)/);
    await app.close();
  });

  it('serves the built JavaScript and CSS with an ETag, and nothing else of the folder', async () => {
    const app = Fastify();
    await app.register((scope) => dashboardPages(scope));
    const js = await app.inject({ url: '/assets/main.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const again = await app.inject({
      url: '/assets/main.js',
      headers: { 'if-none-match': String(js.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    expect((await app.inject({ url: '/assets/pages/orders.js' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/app.css' })).headers['content-type']).toBe(
      'text/css; charset=utf-8',
    );
    expect((await app.inject({ url: '/assets/../package.json' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/nothing.js' })).statusCode).toBe(404);
    await app.close();
  });

  it('ships little: the JavaScript and CSS of the dashboard', () => {
    const { js, css } = assetBytes(loadAssets());
    expect(js).toBeGreaterThan(0);
    expect(css).toBeGreaterThan(0);
    // A budget, not a timing: the dashboard has no framework or chart library to ship.
    expect(js + css).toBeLessThan(100_000);
  });

  it('answers 503 with how to build it when the assets are missing', async () => {
    const app = Fastify();
    await app.register((scope) => dashboardPages(scope, { assets: new Map() }));
    const res = await app.inject({ url: '/orders' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
    await app.close();
  });
});
