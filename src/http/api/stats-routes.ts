import { sql } from 'kysely';
import { realClock } from '../../time/clock.js';
import type { HttpPlugin } from '../http-deps.js';
import { errorResponses } from './schemas.js';
import { principalOf } from './visible-accounts.js';

/** `GET /stats/orders-per-day?days=30`: orders created per UTC day, by marketplace and by AFN/MFN. */
export const statsRoutes: HttpPlugin = async (app, deps) => {
  app.get(
    '/stats/orders-per-day',
    {
      schema: {
        tags: ['stats'],
        summary: 'Orders created per UTC day, by marketplace and by fulfillment (for the charts)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { days: { type: 'integer', minimum: 1, maximum: 366, default: 30 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['days'],
            properties: {
              days: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['date', 'total', 'byMarketplace', 'byFulfillment'],
                  properties: {
                    date: { type: 'string', format: 'date' },
                    total: { type: 'integer' },
                    byMarketplace: { type: 'object', additionalProperties: { type: 'integer' } },
                    byFulfillment: {
                      type: 'object',
                      properties: {
                        AFN: { type: 'integer' },
                        MFN: { type: 'integer' },
                        other: { type: 'integer' },
                      },
                    },
                  },
                },
              },
            },
          },
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const { days = 30 } = request.query as { days?: number };
      const principal = principalOf(request);
      const now = (deps.clock ?? realClock).now();
      const today = Date.UTC(
        new Date(now).getUTCFullYear(),
        new Date(now).getUTCMonth(),
        new Date(now).getUTCDate(),
      );
      const from = new Date(today - (days - 1) * 86_400_000);
      let query = deps.db
        .selectFrom('orders')
        .select([
          sql<string>`to_char(created_time at time zone 'UTC', 'YYYY-MM-DD')`.as('day'),
          'marketplace_id',
          'fulfilled_by',
          (eb) => eb.fn.countAll<string>().as('n'),
        ])
        .where('created_time', '>=', from)
        .groupBy([sql`1`, 'marketplace_id', 'fulfilled_by']);
      if (principal.accountIds !== null) {
        if (principal.accountIds.length === 0) query = query.where(sql<boolean>`false`);
        else query = query.where('account_id', 'in', principal.accountIds);
      }
      const rows = await query.execute();
      const out = Array.from({ length: days }, (_, i) => ({
        date: new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10),
        total: 0,
        byMarketplace: {} as Record<string, number>,
        byFulfillment: { AFN: 0, MFN: 0, other: 0 },
      }));
      for (const row of rows) {
        const day = out.find((d) => d.date === row.day);
        if (!day) continue;
        const n = Number(row.n);
        day.total += n;
        const market = row.marketplace_id ?? 'unknown';
        day.byMarketplace[market] = (day.byMarketplace[market] ?? 0) + n;
        const kind =
          row.fulfilled_by === 'AMAZON' ? 'AFN' : row.fulfilled_by === 'MERCHANT' ? 'MFN' : 'other';
        day.byFulfillment[kind] += n;
      }
      return { days: out };
    },
  );
};
