import { sql } from 'kysely';
import type { HttpPlugin } from './http-deps.js';

/**
 * `GET /healthz`, without auth: `{ "status": "ok", "store": "ok" }`, or 503 with `"store": "unavailable"`
 * when the store does not answer. It says nothing else (no versions, no counts) since anyone may ask.
 */
export const healthRoutes: HttpPlugin = async (app, deps) => {
  app.get(
    '/healthz',
    {
      config: { public: true },
      schema: {
        tags: ['operations'],
        summary: 'Liveness and store health (no auth)',
        response: {
          200: healthSchema,
          503: healthSchema,
        },
      },
    },
    async (_request, reply) => {
      const store = await sql`select 1 as one`.execute(deps.db).then(
        () => 'ok' as const,
        () => 'unavailable' as const,
      );
      if (store !== 'ok') reply.code(503);
      return { status: store === 'ok' ? 'ok' : 'unavailable', store };
    },
  );
};

const healthSchema = {
  type: 'object',
  required: ['status', 'store'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    store: { type: 'string', enum: ['ok', 'unavailable'] },
  },
} as const;
