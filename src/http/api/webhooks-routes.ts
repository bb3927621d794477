import type { FastifyRequest } from 'fastify';
import {
  createSubscription,
  type DeliveryView,
  EVENT_TYPES,
  findSubscription,
  isWebhookError,
  listDeliveries,
  listSubscriptions,
  removeSubscription,
  type Subscription,
  type WebhookError,
} from '../../webhooks/index.js';
import type { Principal } from '../auth/principal.js';
import type { HttpPlugin } from '../http-deps.js';
import { ERROR_SCHEMA, HttpError } from '../http-error.js';

const SUBSCRIPTION_SCHEMA = {
  type: 'object',
  required: ['id', 'url', 'events', 'accountName', 'createdAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    url: { type: 'string' },
    events: { type: 'array', items: { type: 'string', enum: [...EVENT_TYPES] } },
    accountName: { type: ['string', 'null'], description: "only this account's events; null: every account" },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

const ATTEMPT_SCHEMA = {
  type: 'object',
  required: ['attempt', 'startedAt', 'durationMs', 'statusCode', 'outcome', 'error'],
  properties: {
    attempt: { type: 'integer' },
    startedAt: { type: 'string', format: 'date-time' },
    durationMs: { type: 'integer' },
    statusCode: { type: ['integer', 'null'] },
    outcome: { type: 'string', enum: ['delivered', 'failed'] },
    error: { type: ['string', 'null'] },
  },
} as const;

const DELIVERY_SCHEMA = {
  type: 'object',
  required: ['id', 'eventId', 'eventType', 'status', 'attempts', 'createdAt', 'log'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    eventId: { type: 'string', format: 'uuid' },
    eventType: { type: 'string' },
    subject: { type: ['string', 'null'] },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    nextAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    lastStatusCode: { type: ['integer', 'null'] },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'string', format: 'date-time' },
    deliveredAt: { type: ['string', 'null'], format: 'date-time' },
    log: { type: 'array', items: ATTEMPT_SCHEMA },
  },
} as const;

const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA } as const;

/**
 * The webhooks' routes under `/api/v1` (docs/webhooks.md): subscriptions and their delivery log. Only an
 * admin creates or removes a subscription; others see those of the accounts they may see (a subscription
 * to every account only when they see every account).
 */
export const webhooksRoutes: HttpPlugin = async (app, deps) => {
  const { db } = deps;

  app.post(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Subscribe a URL to events; the answer holds the signing secret, shown this once',
        body: {
          type: 'object',
          required: ['url', 'events'],
          additionalProperties: false,
          properties: {
            url: { type: 'string', minLength: 1, description: 'http or https; redirects are never followed' },
            events: { type: 'array', minItems: 1, items: { type: 'string', enum: [...EVENT_TYPES] } },
            account: { type: 'string', minLength: 1, description: "only this account's events (its name)" },
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['webhook', 'secret'],
            properties: {
              webhook: SUBSCRIPTION_SCHEMA,
              secret: { type: 'string', description: 'verifies Csm-Webhook-Signature; never shown again' },
            },
          },
          ...ERRORS,
          409: ERROR_SCHEMA,
        },
      },
    },
    async (request, reply) => {
      admin(request);
      if (!deps.vault) throw new HttpError('CONFLICT', 'this server has no vault to keep webhook secrets in');
      const body = request.body as { url: string; events: string[]; account?: string };
      try {
        const { subscription, secret } = await createSubscription(db, deps.vault, {
          url: body.url,
          events: body.events,
          ...(body.account === undefined ? {} : { accountName: body.account }),
        });
        return reply.code(201).send({ webhook: shown(subscription), secret });
      } catch (error) {
        throw asHttpError(error);
      }
    },
  );

  app.get(
    '/webhooks',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'The subscriptions (never their secrets)',
        response: {
          200: {
            type: 'object',
            required: ['webhooks'],
            properties: { webhooks: { type: 'array', items: SUBSCRIPTION_SCHEMA } },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const who = principal(request);
      return { webhooks: (await listSubscriptions(db)).filter((s) => visible(who, s)).map(shown) };
    },
  );

  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags: ['webhooks'],
        summary: 'Remove a subscription and its delivery log',
        params: ID_PARAMS,
        response: { 204: { type: 'null' }, ...ERRORS },
      },
    },
    async (request, reply) => {
      admin(request);
      try {
        await removeSubscription(db, (request.params as { id: string }).id);
      } catch (error) {
        throw asHttpError(error);
      }
      return reply.code(204).send();
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: "A subscription's deliveries, newest first, each with its attempts",
        params: ID_PARAMS,
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            failed: { type: 'boolean', description: 'only deliveries with a failed attempt, not delivered' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['deliveries'],
            properties: { deliveries: { type: 'array', items: DELIVERY_SCHEMA } },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const who = principal(request);
      const { id } = request.params as { id: string };
      const query = request.query as { failed?: boolean; limit?: number };
      const subscription = await findSubscription(db, id);
      if (!subscription || !visible(who, subscription)) {
        throw new HttpError('NOT_FOUND', `no webhook subscription ${id}`);
      }
      const deliveries = await listDeliveries(db, {
        subscriptionId: id,
        failed: query.failed === true,
        limit: query.limit ?? 100,
      });
      return {
        deliveries: deliveries.map(({ subscriptionId: _s, ...d }): Omit<DeliveryView, 'subscriptionId'> => d),
      };
    },
  );
};

function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw new HttpError('UNAUTHENTICATED', 'sign in or send an API token');
  return request.principal;
}

function admin(request: FastifyRequest): Principal {
  const who = principal(request);
  if (!who.admin) {
    throw new HttpError('FORBIDDEN', 'only an admin may create or remove webhook subscriptions');
  }
  return who;
}

function visible(who: Principal, s: Subscription): boolean {
  if (who.accountIds === null) return true;
  return s.accountId !== null && who.accountIds.includes(s.accountId);
}

function shown(s: Subscription) {
  return { id: s.id, url: s.url, events: s.events, accountName: s.accountName, createdAt: s.createdAt };
}

const FIELDS: Partial<Record<WebhookError['code'], string>> = {
  WEBHOOK_URL_INVALID: 'url',
  WEBHOOK_EVENTS_INVALID: 'events',
  WEBHOOK_ACCOUNT_UNKNOWN: 'account',
};

function asHttpError(error: unknown): unknown {
  if (!isWebhookError(error)) return error;
  if (error.code === 'WEBHOOK_NOT_FOUND') return new HttpError('NOT_FOUND', error.message);
  const field = FIELDS[error.code];
  return new HttpError('VALIDATION_FAILED', error.message, field === undefined ? {} : { field });
}
