import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyRequest,
  LogController,
} from 'fastify';
import { pino } from 'pino';
import { apiRoutes } from './api/api-routes.js';
import { routeRecorder } from './api/openapi.js';
import { webhooksRoutes } from './api/webhooks-routes.js';
import { API_PREFIX } from './api-prefix.js';
import { addAuthHooks } from './auth/auth-hooks.js';
import { loginRoutes } from './auth/login-routes.js';
import './auth/principal.js';
import { dashboardPlugin } from './dashboard/dashboard-plugin.js';
import { healthRoutes } from './health-routes.js';
import type { HttpDeps, HttpPlugin } from './http-deps.js';
import { HttpError, isHttpError } from './http-error.js';
import { metricsRoutes } from './metrics/metrics-routes.js';
import { validationField } from './validation-field.js';

export { API_PREFIX } from './api-prefix.js';

/** A request body larger than this is refused (413): the API takes small JSON documents. */
const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Builds the HTTP app (dashboard, REST API, operations routes) without starting it: tests call
 * `app.inject()`, `httpServePart` listens. The parts, in the order they are registered:
 *
 * 0. auth hooks at the root (src/http/auth/auth-hooks.ts): every route below needs a principal unless its
 *    config says `{ public: true }`
 * 1. operations: `/healthz` (public); sign-in: `/login`, `/logout`, `/setup`
 * 2. the REST API under `/api/v1`, with the webhooks' routes (`src/http/api/webhooks-routes.ts`)
 * 3. the dashboard's pages and assets (`src/http/dashboard/`)
 * 4. `deps.plugins`, if any
 *
 * Each part is registered in its own encapsulated scope: its hooks and decorators stay its own.
 */
export async function buildHttpApp(deps: HttpDeps): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: deps.trustProxy ?? false,
    // Requests in flight get this long to finish when the server closes; idle keep-alive sockets close at once.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ...(deps.log ? { loggerInstance: requestLogger(deps.log) } : { logger: false }),
    // One line per request, written by the onResponse hook below (fastify's own would log two, with headers).
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
  });
  app.decorateRequest('principal', null);
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    },
  );
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const answer = toHttpError(error);
    if (answer.code === 'INTERNAL') request.log.error({ err: error }, 'request failed');
    for (const [name, value] of Object.entries(answer.options.headers ?? {})) reply.header(name, value);
    return reply.code(answer.statusCode).send(answer.body());
  });
  app.setNotFoundHandler(async (request, reply) =>
    reply.code(404).send(new HttpError('NOT_FOUND', `no route ${request.method} ${pathOf(request)}`).body()),
  );

  addAuthHooks(app, deps);
  const recorder = routeRecorder();
  app.addHook('onRoute', recorder.onRoute);
  const requestCounts = new Map<string, number>();
  app.addHook('onResponse', async (request, reply) => {
    const key = `${request.method} ${reply.statusCode}`;
    requestCounts.set(key, (requestCounts.get(key) ?? 0) + 1);
    if (deps.log) {
      request.log.info(
        {
          method: request.method,
          path: pathOf(request),
          route: request.routeOptions.url ?? null,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime * 10) / 10,
          remoteAddress: request.ip,
          principal: request.principal ? `${request.principal.kind}:${request.principal.name}` : null,
        },
        'request',
      );
    }
  });

  await app.register(scoped(healthRoutes, deps));
  await app.register(scoped(metricsRoutes(requestCounts), deps));
  await app.register(scoped(loginRoutes, deps));
  await app.register(
    async (api) => {
      await api.register(scoped(apiRoutes(recorder.routes), deps));
      // --- the webhooks helper's routes (src/http/api/webhooks-routes.ts) ---
      await api.register(scoped(webhooksRoutes, deps));
    },
    { prefix: API_PREFIX },
  );
  // --- the dashboard's pages and assets (src/http/dashboard/) ---
  await app.register(scoped(dashboardPlugin, deps));
  for (const plugin of deps.plugins ?? []) await app.register(scoped(plugin, deps));
  return app;
}

/** A plugin in its own scope, given the deps. */
function scoped(plugin: HttpPlugin, deps: HttpDeps) {
  return async (scope: FastifyInstance) => plugin(scope, deps);
}

/** Maps whatever a route threw to an answer of the catalogue; unknown errors are `INTERNAL`, unexplained. */
function toHttpError(error: FastifyError): HttpError {
  if (isHttpError(error)) return error;
  if (error.validation && error.validation.length > 0) {
    const field = validationField(error.validation, error.validationContext);
    return new HttpError('VALIDATION_FAILED', `${field}: ${error.validation[0]?.message ?? 'is not valid'}`, {
      field,
    });
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return new HttpError('RATE_LIMITED', error.message);
  if (status === 404) return new HttpError('NOT_FOUND', error.message);
  // Fastify's own 4xx: bad JSON, body too large, unsupported media type.
  if (status >= 400 && status < 500)
    return new HttpError('VALIDATION_FAILED', error.message, { field: 'body' });
  return new HttpError('INTERNAL', 'internal error; the server log has the details');
}

/** The path of a request, without its query (which may carry a setup token or a search). */
export function pathOf(request: FastifyRequest): string {
  const url = request.url;
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/**
 * JSON lines (pino). Requests are logged by the app's onResponse hook with method, path (no query), route,
 * status, time, client address and who asked: never headers (no cookies, no Authorization), bodies or
 * queries, where tokens and buyer data would be. Errors keep their message and stack only.
 */
function requestLogger(stream: { write(line: string): void }): FastifyBaseLogger {
  return pino(
    {
      base: { name: 'csm-http' },
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  );
}
