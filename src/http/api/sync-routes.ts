import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { realClock } from '../../time/clock.js';
import type { HttpPlugin } from '../http-deps.js';
import { errorResponses, nullableString } from './schemas.js';
import { principalOf } from './visible-accounts.js';

const dateTime = { type: ['string', 'null'], format: 'date-time' } as const;

const SYNC_SCHEMA = {
  type: 'object',
  required: ['account', 'state', 'buckets'],
  properties: {
    account: { type: 'string' },
    state: { type: 'string', enum: ['running', 'queued', 'waiting', 'unscheduled'] },
    nextRunAt: dateTime,
    lastStartedAt: dateTime,
    lastFinishedAt: dateTime,
    lastOutcome: nullableString,
    lastError: nullableString,
    lastOrders: { type: ['integer', 'null'] },
    failures: { type: 'integer' },
    watermark: { ...dateTime, description: 'everything last updated before it is synced' },
    watermarkAgeSeconds: { type: ['integer', 'null'] },
    throttled: {
      type: 'integer',
      description: '429 answers from Amazon to this account’s calls in this process since it started',
    },
    buckets: {
      type: 'array',
      description: 'the seller’s SP-API token buckets (shared by every process of the store)',
      items: {
        type: 'object',
        properties: {
          operation: { type: 'string' },
          rate: { type: 'number', description: 'tokens per second' },
          burst: { type: 'number' },
          tokens: { type: 'number', description: 'about how many are left now' },
          updatedAt: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

/** `GET /sync`: each visible account's sync: last run, watermark age, outcome, error, 429s, bucket levels. */
export const syncRoutes: HttpPlugin = async (app, deps) => {
  const clock = deps.clock ?? realClock;
  app.get(
    '/sync',
    {
      schema: {
        tags: ['sync'],
        summary: 'Sync status per account',
        response: {
          200: {
            type: 'object',
            required: ['accounts'],
            properties: { accounts: { type: 'array', items: SYNC_SCHEMA } },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return {
        accounts: await syncStatus(
          deps.db,
          principal.accountIds,
          clock.now(),
          (id) => deps.spApiCounters?.throttledOf(id) ?? 0,
        ),
      };
    },
  );
};

async function syncStatus(
  db: Kysely<Database>,
  accountIds: readonly string[] | null,
  now: number,
  throttledOf: (accountId: string) => number,
) {
  let query = db
    .selectFrom('accounts')
    .leftJoin('sync_schedules as s', 's.account_id', 'accounts.id')
    .leftJoin('order_sync_state as o', 'o.account_id', 'accounts.id')
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.seller_id',
      's.next_run_at',
      's.run_owner',
      's.pending_since',
      's.last_started_at',
      's.last_finished_at',
      's.last_outcome',
      's.last_error',
      's.last_orders',
      's.failures',
      'o.watermark',
    ])
    .where('accounts.kind', '=', 'seller')
    .orderBy('accounts.name');
  if (accountIds !== null) {
    if (accountIds.length === 0) return [];
    query = query.where('accounts.id', 'in', accountIds);
  }
  const rows = await query.execute();
  const sellers = rows.flatMap((r) => (r.seller_id ? [`${r.seller_id}:%`] : []));
  const buckets =
    sellers.length === 0
      ? []
      : await db
          .selectFrom('rate_limit_buckets')
          .select(['key', 'state', 'updated_at'])
          .where((eb) => eb.or(sellers.map((prefix) => eb('key', 'like', prefix))))
          .orderBy('key')
          .execute();
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return rows.map((r) => ({
    account: r.name,
    state: r.run_owner ? 'running' : r.pending_since ? 'queued' : r.next_run_at ? 'waiting' : 'unscheduled',
    nextRunAt: iso(r.next_run_at),
    lastStartedAt: iso(r.last_started_at),
    lastFinishedAt: iso(r.last_finished_at),
    lastOutcome: r.last_outcome,
    lastError: r.last_error,
    lastOrders: r.last_orders,
    failures: r.failures ?? 0,
    watermark: iso(r.watermark),
    watermarkAgeSeconds: r.watermark ? Math.max(0, Math.round((now - r.watermark.getTime()) / 1000)) : null,
    throttled: throttledOf(r.id),
    buckets: buckets
      .filter((b) => r.seller_id && b.key.startsWith(`${r.seller_id}:`))
      .flatMap((b) => {
        const state = b.state as { rate: number; burst: number; base: { tokens: number; at: number } } | null;
        if (!state) return [];
        const refilled = state.base.tokens + (state.rate * Math.max(0, now - state.base.at)) / 1000;
        return [
          {
            operation: b.key.slice(`${r.seller_id}:`.length),
            rate: state.rate,
            burst: state.burst,
            tokens: Math.round(Math.min(state.burst, refilled) * 100) / 100,
            updatedAt: b.updated_at.toISOString(),
          },
        ];
      }),
  }));
}
