import type { HttpPlugin } from '../http-deps.js';

/**
 * The dashboard's pages and assets (owned by the dashboard's authors). Registered by `buildHttpApp`; every
 * page needs a signed-in user (`request.principal`) unless its route config says `{ public: true }`.
 */
export const dashboardPlugin: HttpPlugin = async (_app, _deps) => {};
