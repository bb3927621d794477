import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorState } from './emulator-state.js';
import { FaultSpecError } from './faults.js';
import { parseIsoTime } from './orders/iso-time.js';
import { isRole, ROLES } from './roles.js';

type Body = Record<string, unknown>;

const asBody = (body: unknown): Body =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {};

const fail = (reply: FastifyReply, status: number, error: string): FastifyReply =>
  reply.code(status).send({ error });

/**
 * `/_emulator/*`: the test and integrator controls. Never rate limited, never faulted, no auth (the emulator
 * listens on loopback).
 */
export function registerControlRoutes(app: FastifyInstance, state: EmulatorState): void {
  app.get('/_emulator/credentials', async () => state.publicCredentials());

  app.post<{ Params: { sellerId: string } }>(
    '/_emulator/sellers/:sellerId/revoke',
    async (request, reply) => {
      const { sellerId } = request.params;
      if (!state.seller(sellerId)) return fail(reply, 404, `unknown seller ${sellerId}`);
      state.tokens.revokeSeller(sellerId);
      return { sellerId, revoked: true };
    },
  );

  app.post<{ Params: { sellerId: string } }>(
    '/_emulator/sellers/:sellerId/authorization-code',
    async (request, reply) => {
      const { sellerId } = request.params;
      if (!state.seller(sellerId)) return fail(reply, 404, `unknown seller ${sellerId}`);
      const redirectUri = asBody(request.body).redirectUri;
      if (redirectUri !== undefined && typeof redirectUri !== 'string')
        return fail(reply, 400, 'redirectUri must be a string');
      const code = state.tokens.mintAuthCode(sellerId, state.credentials.clientId, redirectUri, state.now());
      return { code, sellerId, expiresIn: 300 };
    },
  );

  app.post<{ Params: { sellerId: string } }>(
    '/_emulator/sellers/:sellerId/refresh-token',
    async (request, reply) => {
      const { sellerId } = request.params;
      if (!state.seller(sellerId)) return fail(reply, 404, `unknown seller ${sellerId}`);
      const clientId = asBody(request.body).clientId ?? state.credentials.clientId;
      if (typeof clientId !== 'string' || clientId === '')
        return fail(reply, 400, 'clientId must be a non-empty string');
      return { sellerId, clientId, refreshToken: state.tokens.mintRefreshToken(sellerId, clientId) };
    },
  );

  app.post('/_emulator/app/expire-secret', async () => {
    state.secretExpired = true;
    return { secretExpired: true };
  });

  app.post('/_emulator/app/rotate-secret', async () => ({ clientSecret: state.rotateSecret() }));

  app.get('/_emulator/app/roles', async () => ({ roles: [...state.roles] }));

  app.put('/_emulator/app/roles', async (request, reply) => {
    const roles = asBody(request.body).roles;
    if (!Array.isArray(roles)) return fail(reply, 400, 'body must be { "roles": [...] }');
    const bad = roles.filter((r) => !isRole(r));
    if (bad.length > 0)
      return fail(
        reply,
        400,
        `unknown role(s) ${bad.map(String).join(', ')}; known roles: ${ROLES.join(', ')}`,
      );
    state.roles = new Set(roles.filter(isRole));
    return { roles: [...state.roles] };
  });

  app.post('/_emulator/tokens/expire', async () => ({ expired: state.tokens.expireAll(state.now()) }));

  app.post('/_emulator/activity', async (request, reply) => {
    const body = asBody(request.body);
    const count = (name: string): number | string => {
      const v = body[name] ?? 0;
      return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000
        ? v
        : `${name} must be an integer from 0 to 10000`;
    };
    const created = count('created');
    const updated = count('updated');
    if (typeof created === 'string') return fail(reply, 400, created);
    if (typeof updated === 'string') return fail(reply, 400, updated);
    const now = state.now();
    let at = now;
    if (body.at !== undefined) {
      const parsed = typeof body.at === 'string' ? parseIsoTime(body.at) : undefined;
      if (parsed === undefined) return fail(reply, 400, 'at must be an ISO 8601 date-time');
      if (parsed > now) return fail(reply, 400, 'at must not be in the future');
      at = parsed;
    }
    let sellers = state.credentials.sellers;
    if (body.sellerId !== undefined) {
      const one = typeof body.sellerId === 'string' ? state.seller(body.sellerId) : undefined;
      if (!one) return fail(reply, 404, `unknown seller ${String(body.sellerId)}`);
      sellers = [one];
    }
    return state.orders.activity(created, updated, at, sellers);
  });

  app.get<{ Querystring: { sellerId?: string } }>('/_emulator/orders', async (request, reply) => {
    const sellerId = request.query.sellerId;
    if (!sellerId) return fail(reply, 400, 'sellerId query parameter is required');
    if (!state.seller(sellerId)) return fail(reply, 404, `unknown seller ${sellerId}`);
    return { orders: state.orders.all(sellerId).map((o) => o.order) };
  });

  app.get('/_emulator/stats', async () => state.stats.snapshot());
  app.delete('/_emulator/stats', async (_request, reply) => {
    state.stats.reset();
    return reply.code(204).send();
  });

  app.get('/_emulator/faults', async () => ({ spec: state.faultSpec, rules: state.faultRules }));
  app.put('/_emulator/faults', async (request, reply) => {
    const spec = asBody(request.body).spec;
    if (typeof spec !== 'string')
      return fail(reply, 400, 'body must be { "spec": "SPEC" } (an empty string clears)');
    try {
      state.setFaults(spec);
    } catch (error) {
      if (error instanceof FaultSpecError) return fail(reply, 400, error.message);
      throw error;
    }
    return { spec: state.faultSpec, rules: state.faultRules };
  });
}
