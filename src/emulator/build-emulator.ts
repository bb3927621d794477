import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { consentPlugin } from './consent/consent-plugin.js';
import { controlPlugin } from './control/control-plugin.js';
import { DOWNLOAD_PREFIX, UPLOAD_PREFIX } from './documents/document-store.js';
import { documentsPlugin } from './documents/documents-plugin.js';
import { EmulatorState } from './emulator-state.js';
import { gatewayPlugin } from './gateway/gateway-plugin.js';
import { lwaPlugin } from './lwa/lwa-plugin.js';
import { type EmulatorOptions, resolveEmulatorOptions } from './options.js';
import { stsPlugin } from './sts/sts-plugin.js';
import {
  answerClientError,
  answerFrameworkError,
  MAX_HEADER_BYTES,
  MAX_PATH_SEGMENT_LENGTH,
} from './unrouted-errors.js';

/** The fastify app of an emulator, with its state (for tests that want to look inside). */
export type EmulatorApp = FastifyInstance & { emulator: EmulatorState };

/**
 * Builds the emulator without listening, so tests can `app.inject()`. Three encapsulated plugins, each
 * owning its routes, errors and unknown paths: LWA under `/auth/o2`, the controls under `/_emulator`, and
 * the SP-API gateway for everything else. Options are resolved and checked here; a bad value throws
 * EmulatorOptionError naming the flag.
 */
export function buildEmulator(options: Partial<EmulatorOptions> = {}): EmulatorApp {
  const resolved = resolveEmulatorOptions(options);
  const state = new EmulatorState(resolved);
  // Logs nothing: requests carry tokens and order data carries PII.
  const app = Fastify({
    logger: false,
    keepAliveTimeout: 65_000,
    forceCloseConnections: true,
    // Control bodies are checked as sent: no coercion of "5" to 5, no silent removal of unknown fields.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false } },
    // Long order ids and the like reach the operation, which names the bad parameter in a 400.
    routerOptions: { maxParamLength: MAX_PATH_SEGMENT_LENGTH },
    http: { maxHeaderSize: MAX_HEADER_BYTES },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
    // A request that arrives while closing is answered by its surface (or dropped if it would wait).
    return503OnClosing: false,
  });
  // Wakes every pending latency fault, so closing (SIGTERM) is never held up by one.
  app.addHook('preClose', async () => state.close());
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-amzn-RequestId', randomUUID());
    // The Date header tells the emulator's clock, not the machine's, so a clock-skew check (doctor, AWS SDKs)
    // sees the time every token and signature rule here uses.
    reply.header('date', new Date(state.now()).toUTCString());
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
  app.register(lwaPlugin, { prefix: '/auth/o2', state });
  app.register(controlPlugin, { prefix: '/_emulator', state });
  // Seller Central's pages and AWS's STS, for the accounts setup (docs/emulator.md, "Accounts setup").
  app.register(consentPlugin, { prefix: '/apps/authorize', state });
  app.register(stsPlugin, { prefix: '/sts', state });
  // Amazon's S3 for feed and report documents: presigned URLs, outside the gateway (docs/emulator.md, "Feeds").
  app.register(documentsPlugin, { prefix: UPLOAD_PREFIX, state, method: 'PUT' });
  app.register(documentsPlugin, { prefix: DOWNLOAD_PREFIX, state, method: 'GET' });
  app.register(gatewayPlugin, { state });
  return Object.assign(app, { emulator: state });
}
