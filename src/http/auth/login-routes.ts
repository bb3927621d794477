import type { FastifyReply, FastifyRequest } from 'fastify';
import { realClock } from '../../time/clock.js';
import type { HttpDeps, HttpPlugin } from '../http-deps.js';
import { HttpError } from '../http-error.js';
import { audit } from './audit-log.js';
import { setSessionCookie } from './cookies.js';
import { loginPage, setupGonePage, setupPage } from './login-page.js';
import { blockedFor, recordFailure, recordSuccess, throttleKeys } from './login-throttle.js';
import { DUMMY_HASH, verifyPassword } from './password.js';
import { createSession, deleteSession } from './sessions.js';
import { setupTokenValid, useSetupToken } from './setup-link.js';
import { addUser, newUserProblem } from './users.js';

const credentialsBody = {
  type: 'object',
  required: ['name', 'password'],
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
    next: { type: 'string', maxLength: 2048 },
  },
} as const;

interface Credentials {
  name: string;
  password: string;
  next?: string;
}

/**
 * Sign-in, sign-out and the first admin's setup:
 * `GET /login` (the form), `POST /login` (form: redirects to `next`; JSON: `{ user, csrfToken }`),
 * `POST /logout`, `GET|POST /setup` (the one-time link `csm serve` prints for a store without users).
 */
export const loginRoutes: HttpPlugin = async (app, deps) => {
  const clock = deps.clock ?? realClock;
  const now = () => new Date(clock.now());

  app.get(
    '/login',
    {
      config: { public: true },
      schema: {
        querystring: { type: 'object', properties: { next: { type: 'string', maxLength: 2048 } } },
      },
    },
    async (request, reply) => {
      const { next } = request.query as { next?: string };
      if (request.principal?.kind === 'session') return reply.redirect(safeNext(next), 303);
      return reply.type('text/html; charset=utf-8').send(loginPage({ next: safeNext(next) }));
    },
  );

  app.post(
    '/login',
    { config: { public: true }, schema: { body: credentialsBody } },
    async (request, reply) => {
      const body = request.body as Credentials;
      const form = !isJson(request);
      const next = safeNext(body.next);
      const keys = throttleKeys(body.name, request.ip);
      const wait = await blockedFor(deps.db, keys, now());
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        const message = `too many failed sign-ins: try again in ${seconds} s`;
        reply.header('retry-after', String(seconds));
        if (form)
          return reply
            .code(429)
            .type('text/html; charset=utf-8')
            .send(loginPage({ next, error: message, name: body.name }));
        throw new HttpError('RATE_LIMITED', message, { headers: { 'retry-after': String(seconds) } });
      }
      const user = await deps.db
        .selectFrom('users')
        .select(['id', 'name', 'password_hash', 'admin', 'pii'])
        .where('name', '=', body.name)
        .executeTakeFirst();
      // Unknown names take as long as wrong passwords.
      const ok = await verifyPassword(body.password, user?.password_hash ?? DUMMY_HASH);
      if (!user || !ok) {
        await recordFailure(deps.db, keys, now());
        await audit(deps.db, { kind: 'anonymous', name: body.name }, { action: 'login.failed' }, now());
        const message = 'wrong user name or password';
        if (form)
          return reply
            .code(401)
            .type('text/html; charset=utf-8')
            .send(loginPage({ next, error: message, name: body.name }));
        throw new HttpError('UNAUTHENTICATED', message);
      }
      await recordSuccess(deps.db, keys[0] ?? '');
      const session = await createSession(deps.db, user.id, now());
      await audit(deps.db, { kind: 'session', name: user.name }, { action: 'login' }, now());
      setSessionCookie(request, reply, session.cookie);
      if (form) return reply.redirect(next, 303);
      return { user: { name: user.name, admin: user.admin, pii: user.pii }, csrfToken: session.csrfToken };
    },
  );

  app.post('/logout', { schema: {} }, async (request, reply) => {
    const principal = request.principal;
    if (principal?.kind === 'session') await deleteSession(deps.db, principal.credentialId);
    setSessionCookie(request, reply, null);
    if (!isJson(request)) return reply.redirect('/login', 303);
    return reply.code(204).send();
  });

  app.get(
    '/setup',
    {
      config: { public: true },
      schema: {
        querystring: { type: 'object', properties: { token: { type: 'string', maxLength: 256 } } },
      },
    },
    async (request, reply) => {
      const { token } = request.query as { token?: string };
      reply.type('text/html; charset=utf-8');
      if (!token || !(await setupTokenValid(deps.db, token, now())))
        return reply.code(404).send(setupGonePage());
      return reply.send(setupPage({ token }));
    },
  );

  app.post(
    '/setup',
    {
      config: { public: true },
      schema: {
        body: {
          type: 'object',
          required: ['token', 'name', 'password'],
          properties: {
            token: { type: 'string', maxLength: 256 },
            name: { type: 'string', maxLength: 64 },
            password: { type: 'string', maxLength: 1024 },
          },
        },
      },
    },
    async (request, reply) => setup(request, reply, deps, now),
  );
};

async function setup(request: FastifyRequest, reply: FastifyReply, deps: HttpDeps, now: () => Date) {
  const body = request.body as { token: string; name: string; password: string };
  const form = !isJson(request);
  if (!(await setupTokenValid(deps.db, body.token, now()))) {
    if (form) return reply.code(404).type('text/html; charset=utf-8').send(setupGonePage());
    throw new HttpError('NOT_FOUND', 'this setup link was used or has expired');
  }
  // The input is checked before the link is spent (a short password leaves it usable); spending it is
  // atomic, so of two tabs racing one creates the admin.
  const problem = newUserProblem(body.name, body.password);
  if (problem) {
    if (form)
      return reply
        .code(400)
        .type('text/html; charset=utf-8')
        .send(setupPage({ token: body.token, error: problem.message, name: body.name }));
    throw new HttpError('VALIDATION_FAILED', problem.message, { field: problem.field });
  }
  if (!(await useSetupToken(deps.db, body.token, now())))
    throw new HttpError('NOT_FOUND', 'this setup link was used or has expired');
  const user = await addUser(deps.db, { name: body.name, password: body.password, admin: true, pii: true });
  await audit(
    deps.db,
    { kind: 'session', name: user.name },
    { action: 'user.add', detail: { admin: true, pii: true, via: 'setup' } },
    now(),
  );
  const row = await deps.db
    .selectFrom('users')
    .select('id')
    .where('name', '=', user.name)
    .executeTakeFirstOrThrow();
  const session = await createSession(deps.db, row.id, now());
  setSessionCookie(request, reply, session.cookie);
  if (form) return reply.redirect('/', 303);
  return { user: { name: user.name, admin: true, pii: true }, csrfToken: session.csrfToken };
}

function isJson(request: FastifyRequest): boolean {
  return (
    (request.headers['content-type'] ?? '').includes('json') || request.headers.accept === 'application/json'
  );
}

/** Only a path of this site: `//evil.example` and `https://...` would send the user elsewhere after signing in. */
function safeNext(next: string | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
