import type { FastifyPluginAsync } from 'fastify';
import { ALL_OPERATIONS, SANDBOX_LIMITS } from '../../amazon/index.js';
import { AmazonErrorResponse, MESSAGES } from '../amazon-error-response.js';
import type { SurfaceOptions } from '../surface-options.js';
import { handleOperation, type RouteInfo } from './handle-operation.js';

/**
 * The SP-API gateway: one route per operation of the table, each request through `handleOperation`.
 * Registered without a prefix, so its not-found handler answers every path no other surface owns, as
 * Amazon's gateway does. Every answer of this surface has Amazon's shape `{ "errors": [...] }`.
 */
export const gatewayPlugin: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    // Parser refusals (bad JSON, body too large) are Amazon's 400 InvalidInput, an unknown content type its
    // 415; anything else is the emulator's fault, and its message stays inside.
    const answer =
      status >= 400 && status < 500
        ? new AmazonErrorResponse(status === 415 ? 415 : 400, 'InvalidInput', 'Invalid Input', error.message)
        : new AmazonErrorResponse(500, 'InternalFailure', MESSAGES.internal, '');
    return reply.code(answer.status).send(answer.body);
  });
  // Amazon answers an unknown path (a typo in the path or version) with 403 MissingAuthenticationToken.
  app.setNotFoundHandler((request, reply) => {
    const answer = new AmazonErrorResponse(
      403,
      'MissingAuthenticationToken',
      MESSAGES.denied,
      `No operation at ${request.method} ${request.url.split('?', 1)[0]}.`,
    );
    return reply.code(answer.status).send(answer.body);
  });
  const { mode, rateScale } = state.options;
  for (const op of ALL_OPERATIONS) {
    const rate = (mode === 'static' ? SANDBOX_LIMITS.rate : op.rate) * rateScale;
    const burst = mode === 'static' ? SANDBOX_LIMITS.burst : op.burst;
    const route: RouteInfo = { op, rate, burst, rateHeader: formatRate(rate) };
    app.route({
      method: op.method,
      url: op.path.replace(/\{(\w+)\}/g, ':$1'),
      handler: (request, reply) => handleOperation(state, route, request, reply),
    });
  }
};

/** `0.0056` stays `0.0056`; scaled rates lose float noise (`0.5 * 3` → `1.5`). */
function formatRate(rate: number): string {
  return String(Number(rate.toPrecision(6)));
}
