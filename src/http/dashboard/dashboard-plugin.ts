import type { HttpPlugin } from '../http-deps.js';
import { connectRoutes } from './connect-routes.js';
import { dashboardPages } from './dashboard-pages.js';

/** The wizard's routes, under the REST API's `/api/v1` (app.ts imports this file: no import back). */
const CONNECT_PREFIX = '/api/v1/connect';

/**
 * The dashboard: its pages (the app shell; the auth hook sends a visitor who is not signed in to the login
 * page) and assets (`/assets/`, public), and the Connect wizard's API routes (`/api/v1/connect/...`).
 * Registered by `buildHttpApp`.
 */
export const dashboardPlugin: HttpPlugin = async (app, deps) => {
  await dashboardPages(app);
  await app.register(async (scope) => connectRoutes(scope, deps), { prefix: CONNECT_PREFIX });
};
