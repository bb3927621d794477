import { API_PREFIX } from '../api-prefix.js';
import type { HttpPlugin } from '../http-deps.js';
import { accountsRoutes } from './accounts-routes.js';
import { meRoutes } from './me-routes.js';
import { openApiDocument, type RouteRecord } from './openapi.js';
import { ordersRoutes } from './orders-routes.js';
import { statsRoutes } from './stats-routes.js';
import { syncRoutes } from './sync-routes.js';
import { writebackRoutes } from './writeback-routes.js';

/** The REST API's own routes (mounted under `/api/v1`), and `GET /openapi.json` describing all of them. */
export function apiRoutes(routes: readonly RouteRecord[]): HttpPlugin {
  return async (api, deps) => {
    for (const part of [meRoutes, ordersRoutes, accountsRoutes, syncRoutes, statsRoutes, writebackRoutes]) {
      await api.register(async (scope) => part(scope, deps));
    }
    let document: Record<string, unknown> | undefined;
    api.get('/openapi.json', { schema: { tags: ['meta'], summary: 'This document' } }, async () => {
      document ??= openApiDocument(routes, API_PREFIX);
      return document;
    });
  };
}
