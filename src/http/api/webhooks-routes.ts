import type { HttpPlugin } from '../http-deps.js';

/**
 * The webhooks' API routes under `/api/v1` (owned by the webhooks' authors). Registered by `buildHttpApp`
 * inside the API's prefix, so paths here are relative to `/api/v1` (`/webhooks`, ...).
 */
export const webhooksRoutes: HttpPlugin = async (_app, _deps) => {};
