import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { registerControlRoutes } from './control-routes.js';
import { EmulatorState } from './emulator-state.js';
import { registerLwaRoutes } from './lwa-routes.js';
import { type EmulatorOptions, resolveEmulatorOptions } from './options.js';
import { registerSpApiRoutes } from './sp-api-routes.js';

/** The fastify app of an emulator, with its state (for tests that want to look inside). */
export type EmulatorApp = FastifyInstance & { emulator: EmulatorState };

/**
 * Builds the emulator (LWA, SP-API routes, `/_emulator/*`) without listening, so tests can `app.inject()`.
 * Options are resolved and checked here; a bad value throws EmulatorOptionError naming the flag.
 */
export function buildEmulator(options: Partial<EmulatorOptions> = {}): EmulatorApp {
  const resolved = resolveEmulatorOptions(options);
  const state = new EmulatorState(resolved);
  // Logs nothing: requests carry tokens and order data carries PII.
  const app = Fastify({ logger: false, keepAliveTimeout: 65_000, forceCloseConnections: true });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-amzn-RequestId', randomUUID());
  });
  // LWA takes form-encoded bodies (the documented way) as well as JSON (Amazon's Java SDK).
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  // An empty JSON body is "no body" (the operation then names what is missing), not a parser error.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (request.url.startsWith('/auth/o2/token')) {
      return reply
        .code(400)
        .send({ error_description: `The request is malformed: ${error.message}`, error: 'invalid_request' });
    }
    if (request.url.startsWith('/_emulator/')) return reply.code(status).send({ error: error.message });
    if (status === 500) {
      return reply.code(500).send({
        errors: [
          {
            code: 'InternalFailure',
            message: 'We encountered an internal error. Please try again.',
            details: '',
          },
        ],
      });
    }
    return reply
      .code(status === 415 ? 415 : 400)
      .send({ errors: [{ code: 'InvalidInput', message: 'Invalid Input', details: error.message }] });
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/_emulator/'))
      return reply.code(404).send({ error: `no control endpoint ${request.method} ${request.url}` });
    // Amazon answers an unknown path (a typo in the path or version) with 403 MissingAuthenticationToken.
    return reply.code(403).send({
      errors: [
        {
          code: 'MissingAuthenticationToken',
          message: 'Access to requested resource is denied.',
          details: `No operation at ${request.method} ${request.url.split('?', 1)[0]}.`,
        },
      ],
    });
  });
  registerLwaRoutes(app, state);
  registerControlRoutes(app, state);
  registerSpApiRoutes(app, state);
  return Object.assign(app, { emulator: state });
}
