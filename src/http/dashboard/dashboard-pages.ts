import type { FastifyInstance } from 'fastify';
import { type Asset, loadAssets } from './dashboard-assets.js';

/** Every page of the dashboard: each serves the same shell, and the app draws the page from the URL. */
export const PAGE_ROUTES = [
  '/',
  '/orders',
  '/orders/:id',
  '/accounts',
  '/connect',
  '/shipments',
  '/stock',
  '/sync',
] as const;

/**
 * Only this origin's scripts, styles and API: no inline script, no CDN, no framing (the pages show
 * buyer data and hold a CSRF token).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>csm</title>
<link rel="stylesheet" href="/assets/app.css">
<script type="module" src="/assets/main.js"></script>
</head>
<body>
<header id="top"><a class="brand" href="/">csm</a></header>
<main id="view"><p class="loading">Loading…</p></main>
<noscript>The csm dashboard needs JavaScript; the REST API is at /api/v1.</noscript>
</body>
</html>
`;

const MISSING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>csm</title></head>
<body><h1>The dashboard is not built</h1>
<p>Its files are missing from dist/dashboard/. Run <code>npm run build</code> in the csm package, then reload.
The REST API at /api/v1 works without it.</p></body></html>
`;

/** Options of {@link dashboardPages}. */
export interface DashboardPagesOptions {
  /** The assets to serve. @default read from dist/dashboard/ once, when the routes are registered */
  readonly assets?: ReadonlyMap<string, Asset>;
  /** The route config of the page routes (the app's auth reads it). @default {} */
  readonly pageConfig?: Record<string, unknown>;
}

/**
 * The dashboard's page routes (the shell, for a signed-in user: the app's auth redirects others to the
 * login page) and its assets under `/assets/` (public: the login page uses the stylesheet, and they hold no
 * data).
 */
export async function dashboardPages(
  app: FastifyInstance,
  options: DashboardPagesOptions = {},
): Promise<void> {
  const assets = options.assets ?? loadAssets();
  const built = assets.has('main.js');
  for (const url of PAGE_ROUTES) {
    app.get(url, { config: options.pageConfig ?? {} }, async (_request, reply) =>
      reply
        .code(built ? 200 : 503)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'same-origin')
        .send(built ? SHELL : MISSING),
    );
  }
  app.get<{ Params: { '*': string } }>('/assets/*', { config: { public: true } }, async (request, reply) => {
    const asset = assets.get(request.params['*']);
    if (!asset) {
      return reply
        .code(404)
        .send({ error: { code: 'NOT_FOUND', message: `no asset ${request.params['*'].slice(0, 100)}` } });
    }
    reply
      .header('content-type', asset.type)
      .header('etag', asset.etag)
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  });
}
