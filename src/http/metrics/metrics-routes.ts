import type { FastifyRequest } from 'fastify';
import { realClock } from '../../time/clock.js';
import type { HttpPlugin } from '../http-deps.js';
import { HttpError } from '../http-error.js';
import { type MetricFamily, prometheusText } from './prometheus-text.js';

/**
 * `GET /metrics` in Prometheus text: sync lag and outcome per account, orders stored, SP-API attempts and
 * 429s by operation (this process), webhook delivery failures, HTTP requests. Without credentials it answers
 * only a scraper on this machine (a direct connection from loopback, not through a proxy); from elsewhere it
 * needs a token or a session like the API.
 */
export function metricsRoutes(requests: ReadonlyMap<string, number>): HttpPlugin {
  return async (app, deps) => {
    const clock = deps.clock ?? realClock;

    app.get('/metrics', { config: { public: true } }, async (request, reply) => {
      if (!request.principal && !fromLoopback(request)) {
        throw new HttpError(
          'UNAUTHENTICATED',
          '/metrics answers loopback without credentials; from elsewhere send Authorization: Bearer TOKEN (csm tokens create --scope read)',
        );
      }
      const now = clock.now();
      const db = deps.db;
      const schedules = await db
        .selectFrom('accounts')
        .leftJoin('sync_schedules as s', 's.account_id', 'accounts.id')
        .leftJoin('order_sync_state as o', 'o.account_id', 'accounts.id')
        .select([
          'accounts.id',
          'accounts.name',
          'o.watermark',
          's.last_started_at',
          's.last_due_at',
          's.failures',
          's.last_outcome',
        ])
        .where('accounts.kind', '=', 'seller')
        .orderBy('accounts.name')
        .execute();
      const counts = await db
        .selectFrom('orders')
        .select(['account_id', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('account_id')
        .execute();
      const families: MetricFamily[] = [
        {
          name: 'csm_sync_watermark_age_seconds',
          help: 'Seconds since the account’s sync watermark: orders updated after it may not be stored yet.',
          type: 'gauge',
          samples: schedules.flatMap((s) =>
            s.watermark
              ? [{ labels: { account: s.name }, value: Math.max(0, (now - s.watermark.getTime()) / 1000) }]
              : [],
          ),
        },
        {
          name: 'csm_sync_start_lag_seconds',
          help: 'From when the account’s last sync was due to when it started (the scheduler’s lag).',
          type: 'gauge',
          samples: schedules.flatMap((s) =>
            s.last_started_at && s.last_due_at
              ? [
                  {
                    labels: { account: s.name },
                    value: Math.max(0, (s.last_started_at.getTime() - s.last_due_at.getTime()) / 1000),
                  },
                ]
              : [],
          ),
        },
        {
          name: 'csm_sync_consecutive_failures',
          help: 'Syncs of the account that failed in a row.',
          type: 'gauge',
          samples: schedules.map((s) => ({ labels: { account: s.name }, value: s.failures ?? 0 })),
        },
        {
          name: 'csm_orders_stored',
          help: 'Orders imported into the store, per account.',
          type: 'gauge',
          samples: schedules.map((s) => ({
            labels: { account: s.name },
            value: Number(counts.find((c) => c.account_id === s.id)?.n ?? 0),
          })),
        },
        {
          name: 'csm_spapi_requests_total',
          help: 'SP-API attempts by this process, by operation and HTTP status (none: no answer).',
          type: 'counter',
          samples: [...(deps.spApiCounters?.operations ?? new Map())].flatMap(([operation, c]) =>
            [...c.byStatus].map(([status, value]) => ({ labels: { operation, status }, value })),
          ),
        },
        {
          name: 'csm_spapi_throttled_total',
          help: 'SP-API 429 answers (rate limited) to this process, by operation.',
          type: 'counter',
          samples: [...(deps.spApiCounters?.operations ?? new Map())].map(([operation, c]) => ({
            labels: { operation },
            value: c.throttled,
          })),
        },
        {
          name: 'csm_http_requests_total',
          help: 'HTTP requests this server answered, by method and status.',
          type: 'counter',
          samples: [...requests].map(([key, value]) => {
            const [method = '', status = ''] = key.split(' ');
            return { labels: { method, status }, value };
          }),
        },
      ];
      if (deps.webhookFailures) {
        const failures = await deps.webhookFailures();
        families.push(
          {
            name: 'csm_webhook_delivery_failures_total',
            help: 'Failed webhook delivery attempts (each retry counts).',
            type: 'counter',
            samples: [{ value: failures.attempts }],
          },
          {
            name: 'csm_webhook_deliveries_given_up',
            help: 'Webhook deliveries given up after their last retry.',
            type: 'gauge',
            samples: [{ value: failures.givenUp }],
          },
        );
      }
      return reply.type('text/plain; version=0.0.4; charset=utf-8').send(prometheusText(families));
    });
  };
}

/** A direct connection from this machine: not forwarded (a proxy on loopback would make everyone local). */
function fromLoopback(request: FastifyRequest): boolean {
  if (request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined)
    return false;
  const address = request.socket.remoteAddress ?? '';
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}
