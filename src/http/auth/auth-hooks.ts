import type { FastifyInstance, FastifyRequest } from 'fastify';
import { realClock } from '../../time/clock.js';
import type { HttpDeps } from '../http-deps.js';
import { HttpError } from '../http-error.js';
import { cookieValue, SESSION_COOKIE } from './cookies.js';
import { sessionPrincipal, tokenPrincipal } from './resolve-principal.js';
import { sameSecret } from './secret-token.js';

/** Methods that change nothing: no CSRF token and no write scope needed. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Auth for every route of the app, added at its root before any part registers:
 *
 * - `onRequest`: `Authorization: Bearer TOKEN` or the `csm_session` cookie gives `request.principal`. Without
 *   one, a route not marked `{ public: true }` answers 401 `UNAUTHENTICATED` under `/api/` (and for any
 *   method but GET), or redirects to `/login?next=...` (pages).
 * - `preValidation` (after the body is parsed, before the schema checks it): a state-changing request by
 *   cookie must carry the session's CSRF token (`X-CSRF-Token` or the form field `_csrf`), else 403
 *   `CSRF_FAILED`; a read-scoped token may not change anything (403 `FORBIDDEN`). Bearer requests need no
 *   CSRF token: a browser never adds the header by itself.
 */
export function addAuthHooks(app: FastifyInstance, deps: HttpDeps): void {
  const clock = deps.clock ?? realClock;
  app.addHook('onRequest', async (request, reply) => {
    const now = new Date(clock.now());
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined) {
      request.principal = (await tokenPrincipal(deps.db, bearer, now)) ?? null;
    } else {
      const cookie = cookieValue(request.headers.cookie, SESSION_COOKIE);
      if (cookie) request.principal = (await sessionPrincipal(deps.db, cookie, now)) ?? null;
    }
    if (request.principal || isPublic(request)) return;
    if (request.url.startsWith('/api/') || !SAFE_METHODS.has(request.method)) {
      throw new HttpError(
        'UNAUTHENTICATED',
        bearer !== undefined
          ? 'the bearer token is unknown or revoked: create one with csm tokens create'
          : 'sign in (POST /login) or send Authorization: Bearer TOKEN (csm tokens create)',
      );
    }
    return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 302);
  });
  app.addHook('preValidation', async (request) => {
    const principal = request.principal;
    if (!principal || SAFE_METHODS.has(request.method) || isPublic(request)) return;
    if (principal.kind === 'session') {
      const sent = csrfTokenOf(request);
      if (!sent || !principal.csrfToken || !sameSecret(sent, principal.csrfToken)) {
        throw new HttpError(
          'CSRF_FAILED',
          'missing or wrong CSRF token: send the X-CSRF-Token header (csrfToken of GET /api/v1/me) or the _csrf form field',
        );
      }
    }
    if (principal.scope !== 'write') {
      throw new HttpError(
        'FORBIDDEN',
        `the token '${principal.name}' is read-only: this needs a write token`,
      );
    }
  });
}

function isPublic(request: FastifyRequest): boolean {
  return request.routeOptions.config?.public === true;
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : '';
}

function csrfTokenOf(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string' && header !== '') return header;
  const body = request.body as Record<string, unknown> | null | undefined;
  const field = body && typeof body === 'object' ? body._csrf : undefined;
  return typeof field === 'string' && field !== '' ? field : undefined;
}
