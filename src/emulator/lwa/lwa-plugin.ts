import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { CLIENT_CREDENTIAL_ROTATION_SCOPE, NOTIFICATIONS_SCOPE } from '../../amazon/index.js';
import { dropConnection } from '../drop-connection.js';
import type { EmulatorState } from '../emulator-state.js';
import { lwaFaults, rollFaults } from '../faults.js';
import type { SurfaceOptions } from '../surface-options.js';
import { TOKEN_LIFETIME_S } from '../token-store.js';

/** Scopes a client_credentials (grantless) token may carry. */
const GRANTLESS_SCOPES = [NOTIFICATIONS_SCOPE, CLIENT_CREDENTIAL_ROTATION_SCOPE];
/** Known but no longer granted (Authorization API sunset 2024): `unauthorized_client`. */
const RETIRED_SCOPES = ['sellingpartnerapi::migration'];

const GRANT_TYPES = ['refresh_token', 'client_credentials', 'authorization_code'];

/**
 * Login with Amazon's token endpoint, registered under the prefix `/auth/o2`: `POST /auth/o2/token` with
 * Amazon's error codes, statuses and descriptions. Every answer of this surface, errors and unknown paths
 * included, has LWA's shape `{ "error_description", "error" }`.
 */
export const lwaPlugin: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    // A body the parsers refuse (bad JSON, too large, unknown content type) is the client's fault;
    // anything else is the emulator's, and its message stays inside.
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return lwaError(reply, 400, 'invalid_request', `The request is malformed: ${error.message}`);
    return lwaError(
      reply,
      500,
      'server_error',
      'The authorization server encountered an unexpected condition.',
    );
  });
  app.setNotFoundHandler((request, reply) =>
    lwaError(
      reply,
      404,
      'invalid_request',
      `No LWA endpoint at ${request.method} ${request.url.split('?', 1)[0]}; tokens come from POST /auth/o2/token.`,
    ),
  );
  app.post('/token', async (request, reply) => {
    const fault = rollFaults(lwaFaults(state.faultRules), state.faultPrng, false);
    if (fault.latencyMs > 0 && !(await state.delay(fault.latencyMs))) return dropConnection(reply);
    if (fault.early === 'drop') return dropConnection(reply);
    // The OAuth 2.0 codes (RFC 6749 section 5.2) that Amazon's SDKs list for LWA-side failures.
    if (fault.early === 500)
      return lwaError(
        reply,
        500,
        'server_error',
        'The authorization server encountered an unexpected condition.',
      );
    if (fault.early === 503)
      return lwaError(
        reply,
        503,
        'temporarily_unavailable',
        'The authorization server is temporarily unavailable.',
      );
    return grant(state, request.body, reply);
  });
};

function grant(state: EmulatorState, rawBody: unknown, reply: FastifyReply): FastifyReply {
  const body = (typeof rawBody === 'object' && rawBody !== null ? rawBody : {}) as Record<string, unknown>;
  const get = (key: string): string | undefined => {
    const v = body[key];
    if (Array.isArray(v)) return v.join(' '); // Amazon's Java SDK may serialise scopes as a list.
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const grantType = get('grant_type');
  if (grantType === undefined) return lwaError(reply, 400, 'invalid_request', missing('grant_type'));
  if (!GRANT_TYPES.includes(grantType)) {
    return lwaError(
      reply,
      400,
      'unsupported_grant_type',
      'The authorization grant type is not supported by the authorization server',
    );
  }
  const clientId = get('client_id');
  const clientSecret = get('client_secret');
  if (clientId === undefined) return lwaError(reply, 400, 'invalid_request', missing('client_id'));
  if (clientSecret === undefined) return lwaError(reply, 400, 'invalid_request', missing('client_secret'));
  // A wrong and an expired secret look alike, as on Amazon (docs/emulator.md, "Client secret").
  if (clientId !== state.credentials.clientId || !state.acceptsClientSecret(clientSecret)) {
    return lwaError(reply, 401, 'invalid_client', 'Client authentication failed');
  }
  const now = state.now();
  const expiresAt = now + TOKEN_LIFETIME_S * 1000;

  if (grantType === 'refresh_token') {
    const refreshToken = get('refresh_token');
    if (refreshToken === undefined) return lwaError(reply, 400, 'invalid_request', missing('refresh_token'));
    if (get('scope') !== undefined) {
      return lwaError(
        reply,
        400,
        'invalid_scope',
        'The request has an invalid parameter : scope. Do not send scope with grant_type=refresh_token.',
      );
    }
    const record = state.tokens.refreshToken(refreshToken);
    if (!record || record.revoked) {
      return lwaError(
        reply,
        400,
        'invalid_grant',
        "The request has an invalid grant parameter : refresh_token. User may have revoked or didn't grant the permission.",
      );
    }
    if (record.clientId !== clientId)
      return lwaError(reply, 400, 'unauthorized_client', 'Not authorized for requested operation');
    const accessToken = state.tokens.issue(
      { kind: 'lwa', clientId, sellerId: record.sellerId, expiresAt },
      now,
    );
    return tokenReply(reply, {
      access_token: accessToken,
      refresh_token: refreshToken,
      token_type: 'bearer',
      expires_in: TOKEN_LIFETIME_S,
    });
  }

  if (grantType === 'client_credentials') {
    const scope = get('scope');
    if (scope === undefined) return lwaError(reply, 400, 'invalid_request', missing('scope'));
    const scopes = scope.split(/\s+/).filter((s) => s !== '');
    for (const s of scopes) {
      if (RETIRED_SCOPES.includes(s))
        return lwaError(reply, 400, 'unauthorized_client', 'Not authorized for requested operation');
      if (!GRANTLESS_SCOPES.includes(s)) {
        return lwaError(
          reply,
          400,
          'invalid_scope',
          `An unknown scope was requested: ${s}. Grantless scopes: ${GRANTLESS_SCOPES.join(', ')}`,
        );
      }
    }
    const accessToken = state.tokens.issue(
      { kind: 'grantless', clientId, scope: scopes.join(' '), expiresAt },
      now,
    );
    return tokenReply(reply, {
      access_token: accessToken,
      scope: scopes.join(' '),
      token_type: 'bearer',
      expires_in: TOKEN_LIFETIME_S,
    });
  }

  // authorization_code: the spapi_oauth_code from the consent redirect (POST /_emulator/sellers/{id}/authorization-code).
  const code = get('code');
  if (code === undefined) return lwaError(reply, 400, 'invalid_request', missing('code'));
  const sellerId = state.tokens.redeemAuthCode(code, clientId, get('redirect_uri'), now);
  if (sellerId === undefined)
    return lwaError(reply, 400, 'invalid_grant', 'The request has an invalid grant parameter : code');
  const refreshToken = state.mintRefreshToken(sellerId, clientId);
  const accessToken = state.tokens.issue({ kind: 'lwa', clientId, sellerId, expiresAt }, now);
  return tokenReply(reply, {
    access_token: accessToken,
    refresh_token: refreshToken,
    token_type: 'bearer',
    expires_in: TOKEN_LIFETIME_S,
  });
}

const missing = (name: string): string => `The request is missing a required parameter : ${name}`;

function noStore(reply: FastifyReply): FastifyReply {
  return reply
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .type('application/json;charset=UTF-8');
}

function tokenReply(reply: FastifyReply, body: Record<string, unknown>): FastifyReply {
  return noStore(reply).code(200).send(body);
}

function lwaError(reply: FastifyReply, status: number, error: string, description: string): FastifyReply {
  return noStore(reply).code(status).send({ error_description: description, error });
}
