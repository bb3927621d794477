import type { FastifyPluginAsync, FastifySchemaValidationError } from 'fastify';
import { consentControls } from '../consent/consent-controls.js';
import type { EmulatedSeller, EmulatorState } from '../emulator-state.js';
import { FaultSpecError } from '../faults.js';
import { iamControls } from '../iam/iam-controls.js';
import { isLoopbackAddress } from '../loopback.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { isRole, ROLES } from '../roles.js';
import type { SurfaceOptions } from '../surface-options.js';
import { ControlError } from './control-error.js';
import { describeValidation } from './describe-validation.js';
import {
  ACTIVITY_BODY,
  AUTHORIZATION_CODE_BODY,
  FAULTS_BODY,
  ORDERS_QUERY,
  REFRESH_TOKEN_BODY,
  ROLES_BODY,
  SELLER_PARAMS,
} from './schemas.js';
import { secretControls } from './secret-controls.js';
import { writebackControls } from './writeback-controls.js';

interface SellerParams {
  sellerId: string;
}

/**
 * `/_emulator/*`, registered under that prefix: the test and integrator controls. Never rate limited, never
 * faulted. Bodies are checked by the JSON schemas in `schemas.ts` before a handler runs; every error of
 * this surface, unknown paths included, is `{ "error": "…" }`.
 */
export const controlPlugin: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  app.setErrorHandler(
    (
      error: {
        statusCode?: number;
        message: string;
        validation?: FastifySchemaValidationError[];
        validationContext?: string;
      },
      _request,
      reply,
    ) => {
      if (error instanceof ControlError) return reply.code(error.status).send({ error: error.message });
      if (error.validation)
        return reply.code(400).send({ error: describeValidation(error.validationContext, error.validation) });
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) return reply.code(status).send({ error: error.message });
      return reply.code(500).send({ error: 'the emulator failed to handle this control request' });
    },
  );
  // The controls hand out the client secret and refresh tokens: loopback clients only, unless the
  // emulator was started with --expose-controls.
  app.addHook('onRequest', async (request) => {
    if (state.options.exposeControls || isLoopbackAddress(request.socket.remoteAddress)) return;
    throw new ControlError(
      403,
      'the /_emulator control endpoints answer only loopback clients; start the emulator with --expose-controls to allow others',
    );
  });
  // Feeds and reports whose time has come are processed before a control reads listings, orders or stats.
  app.addHook('preHandler', async () => state.processDue(state.now()));
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no control endpoint ${request.method} ${request.url.split('?', 1)[0]}` }),
  );

  const sellerOf = (sellerId: string): EmulatedSeller => {
    const seller = state.seller(sellerId);
    if (!seller) throw new ControlError(404, `unknown seller ${sellerId}`);
    return seller;
  };

  app.get('/credentials', async (request) =>
    state.publicCredentials(`${request.protocol}://${request.host}`),
  );

  // Accounts setup (consent, regions, STS): registered inside this scope for its error shape and hooks.
  app.register(consentControls, { state });
  app.register(secretControls, { state });
  app.register(iamControls, { state });
  app.register(writebackControls, { state });

  app.post<{ Params: SellerParams }>(
    '/sellers/:sellerId/revoke',
    { schema: { params: SELLER_PARAMS } },
    async (request) => {
      const { sellerId } = sellerOf(request.params.sellerId);
      state.revokeSeller(sellerId);
      return { sellerId, revoked: true };
    },
  );

  app.post<{ Params: SellerParams; Body: { redirectUri?: string } | undefined }>(
    '/sellers/:sellerId/authorization-code',
    { schema: { params: SELLER_PARAMS, body: AUTHORIZATION_CODE_BODY } },
    async (request) => {
      const { sellerId } = sellerOf(request.params.sellerId);
      const code = state.mintAuthorizationCode(sellerId, request.body?.redirectUri);
      return { code, sellerId, expiresIn: 300 };
    },
  );

  app.post<{ Params: SellerParams; Body: { clientId?: string } | undefined }>(
    '/sellers/:sellerId/refresh-token',
    { schema: { params: SELLER_PARAMS, body: REFRESH_TOKEN_BODY } },
    async (request) => {
      const { sellerId } = sellerOf(request.params.sellerId);
      const clientId = request.body?.clientId ?? state.credentials.clientId;
      return { sellerId, clientId, refreshToken: state.mintRefreshToken(sellerId, clientId) };
    },
  );

  app.post('/app/expire-secret', async () => {
    state.expireSecret();
    return { secretExpired: true };
  });

  app.post('/app/rotate-secret', async () => ({ clientSecret: state.rotateSecret() }));

  app.get('/app/roles', async () => ({ roles: [...state.roles] }));

  app.put<{ Body: { roles: string[] } }>('/app/roles', { schema: { body: ROLES_BODY } }, async (request) => {
    const { roles } = request.body;
    const unknown = roles.filter((r) => !isRole(r));
    if (unknown.length > 0) {
      throw new ControlError(400, `unknown role(s) ${unknown.join(', ')}; known roles: ${ROLES.join(', ')}`);
    }
    state.setRoles(roles.filter(isRole));
    return { roles: [...state.roles] };
  });

  app.post('/tokens/expire', async () => ({ expired: state.expireTokens() }));

  app.post<{ Body: { created?: number; updated?: number; at?: string; sellerId?: string } | undefined }>(
    '/activity',
    { schema: { body: ACTIVITY_BODY } },
    async (request) => {
      const { created = 0, updated = 0, at, sellerId } = request.body ?? {};
      const now = state.now();
      let atMs = now;
      if (at !== undefined) {
        const parsed = parseIsoTime(at);
        if (parsed === undefined) throw new ControlError(400, 'at must be an ISO 8601 date-time');
        if (parsed > now) throw new ControlError(400, 'at must not be in the future');
        atMs = parsed;
      }
      const sellers = sellerId === undefined ? state.credentials.sellers : [sellerOf(sellerId)];
      return state.simulateActivity(created, updated, atMs, sellers);
    },
  );

  app.get<{ Querystring: { sellerId: string } }>(
    '/orders',
    { schema: { querystring: ORDERS_QUERY } },
    async (request) => {
      const { sellerId } = sellerOf(request.query.sellerId);
      return { orders: state.orders.all(sellerId).map((o) => o.order) };
    },
  );

  app.get('/stats', async () => ({
    ...state.stats.snapshot(),
    confirmations: state.confirmations.snapshot(),
  }));
  app.delete('/stats', async (_request, reply) => {
    state.resetStats();
    return reply.code(204).send();
  });

  app.get('/faults', async () => faultsView(state));
  app.put<{ Body: { spec: string } }>('/faults', { schema: { body: FAULTS_BODY } }, async (request) => {
    try {
      state.setFaults(request.body.spec);
    } catch (error) {
      if (error instanceof FaultSpecError) throw new ControlError(400, error.message);
      throw error;
    }
    return faultsView(state);
  });
};

const faultsView = (state: EmulatorState) => ({ spec: state.faultSpec, rules: state.faultRules });
