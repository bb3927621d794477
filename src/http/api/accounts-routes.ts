import type { Kysely } from 'kysely';
import { requestSync } from '../../serve/sync-schedules.js';
import type { Database } from '../../store/schema.js';
import { realClock } from '../../time/clock.js';
import type { HttpPlugin } from '../http-deps.js';
import { HttpError } from '../http-error.js';
import { errorResponses, nullableString } from './schemas.js';
import { principalOf, visibleAccountIds } from './visible-accounts.js';

/** Amazon expires an LWA client secret 180 days after it was made. */
const SECRET_LIFETIME_DAYS = 180;
/** Within this many days of expiry the account is flagged. */
const SECRET_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

const ACCOUNT_SCHEMA = {
  type: 'object',
  required: ['name', 'kind', 'region', 'sellerId', 'marketplaces', 'health'],
  properties: {
    name: { type: 'string' },
    kind: { type: 'string', enum: ['seller', 'vendor'] },
    region: { type: 'string', enum: ['na', 'eu', 'fe'] },
    sellerId: nullableString,
    sandbox: { type: 'boolean' },
    marketplaces: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, countryCode: nullableString, name: nullableString },
      },
    },
    secretCreated: { ...nullableString, description: 'YYYY-MM-DD the LWA client secret was created' },
    secretRotationDue: { ...nullableString, description: 'YYYY-MM-DD it expires (180 days later)' },
    health: {
      type: 'object',
      required: ['state', 'problems'],
      properties: {
        state: { type: 'string', enum: ['ok', 'warning', 'failing'] },
        problems: { type: 'array', items: { type: 'string' } },
      },
    },
    lastSync: {
      type: ['object', 'null'],
      properties: {
        finishedAt: { type: ['string', 'null'], format: 'date-time' },
        outcome: nullableString,
        error: nullableString,
      },
    },
  },
} as const;

/**
 * `GET /accounts` (no secrets: what they are, their secret's rotation date, health and last sync) and
 * `POST /accounts/{name}/sync` (sync now, coalesced with one queued or running).
 */
export const accountsRoutes: HttpPlugin = async (app, deps) => {
  const clock = deps.clock ?? realClock;

  app.get(
    '/accounts',
    {
      schema: {
        tags: ['accounts'],
        summary: 'The stored accounts the caller may see, without secrets',
        response: {
          200: {
            type: 'object',
            required: ['accounts'],
            properties: { accounts: { type: 'array', items: ACCOUNT_SCHEMA } },
          },
          ...errorResponses(),
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      return { accounts: await listAccounts(deps.db, principal.accountIds, clock.now()) };
    },
  );

  app.post(
    '/accounts/:name/sync',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sync an account now (coalesced with a sync queued or running)',
        params: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1, maxLength: 64 } },
        },
        response: {
          202: {
            type: 'object',
            required: ['account', 'state'],
            properties: {
              account: { type: 'string' },
              state: {
                type: 'string',
                enum: ['queued', 'pending', 'requested'],
                description:
                  'queued: a job is queued now; pending: one is queued or running, one more follows it; requested: the scheduler queues it at its next tick',
              },
            },
          },
          ...errorResponses(403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { name } = request.params as { name: string };
      const principal = principalOf(request);
      const ids = await visibleAccountIds(deps.db, principal, name, 'name').catch(() => {
        throw new HttpError('NOT_FOUND', `no account named '${name}'`);
      });
      const accountId = ids?.[0] ?? '';
      const kind = await deps.db
        .selectFrom('accounts')
        .select('kind')
        .where('id', '=', accountId)
        .executeTakeFirst();
      if (kind?.kind !== 'seller') {
        throw new HttpError(
          'CONFLICT',
          `${name} is a vendor account: only seller accounts have orders to sync`,
        );
      }
      const state = deps.requestSync
        ? await deps.requestSync(accountId)
        : await requestSync(deps.db, accountId, new Date(clock.now())).then(() => 'requested' as const);
      return reply.code(202).send({ account: name, state });
    },
  );
};

async function listAccounts(db: Kysely<Database>, accountIds: readonly string[] | null, now: number) {
  let query = db
    .selectFrom('accounts')
    .leftJoin('sync_schedules', 'sync_schedules.account_id', 'accounts.id')
    .select([
      'accounts.id',
      'accounts.name',
      'accounts.kind',
      'accounts.region',
      'accounts.seller_id',
      'accounts.sandbox',
      'accounts.marketplaces',
      'accounts.secret_created',
      'sync_schedules.last_finished_at',
      'sync_schedules.last_outcome',
      'sync_schedules.last_error',
      'sync_schedules.failures',
    ])
    .orderBy('accounts.name');
  if (accountIds !== null) {
    if (accountIds.length === 0) return [];
    query = query.where('accounts.id', 'in', accountIds);
  }
  const rows = await query.execute();
  const withToken = new Set(
    (
      await db
        .selectFrom('account_secrets')
        .select('account_id')
        .where('field', '=', 'refresh_token')
        .execute()
    ).map((r) => r.account_id),
  );
  return rows.map((row) => {
    const problems: string[] = [];
    let state: 'ok' | 'warning' | 'failing' = 'ok';
    let due: string | null = null;
    if (row.secret_created) {
      const expires = Date.parse(`${row.secret_created}T00:00:00Z`) + SECRET_LIFETIME_DAYS * DAY_MS;
      due = new Date(expires).toISOString().slice(0, 10);
      const left = Math.floor((expires - now) / DAY_MS);
      if (left < 0) {
        problems.push(`the LWA client secret expired on ${due}: rotate it (csm accounts set-secret)`);
        state = 'failing';
      } else if (left <= SECRET_WARNING_DAYS) {
        problems.push(`the LWA client secret expires on ${due} (${left} days): rotate it soon`);
        state = 'warning';
      }
    }
    if (row.kind === 'seller' && !withToken.has(row.id)) {
      problems.push('no refresh token: authorize the app (csm connect)');
      state = 'failing';
    }
    if ((row.failures ?? 0) > 0 && row.last_outcome === 'failed') {
      problems.push(`the last ${row.failures} syncs failed: ${row.last_error ?? 'see csm serve’s log'}`);
      state = 'failing';
    }
    return {
      name: row.name,
      kind: row.kind,
      region: row.region,
      sellerId: row.seller_id,
      sandbox: row.sandbox,
      marketplaces: (row.marketplaces as { id: string; countryCode?: string; name?: string }[]).map((m) => ({
        id: m.id,
        countryCode: m.countryCode ?? null,
        name: m.name ?? null,
      })),
      secretCreated: row.secret_created,
      secretRotationDue: due,
      health: { state, problems },
      lastSync: row.last_outcome
        ? {
            finishedAt: row.last_finished_at?.toISOString() ?? null,
            outcome: row.last_outcome,
            error: row.last_error,
          }
        : null,
    };
  });
}
