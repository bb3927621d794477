import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_USER_AGENT_LENGTH, type OperationSpec } from '../../amazon/index.js';
import {
  AmazonErrorResponse,
  invalidInput,
  MESSAGES,
  quotaExceeded,
  unauthorized,
} from '../amazon-error-response.js';
import { dropConnection } from '../drop-connection.js';
import type { EmulatorState } from '../emulator-state.js';
import { effectiveFaults, rollFaults } from '../faults.js';
import type { Caller } from '../operation.js';
import { OPERATION_HANDLERS } from '../operations/registry.js';
import { coveringResources } from '../rdt-paths.js';
import { checkRegion } from '../regions/check-region.js';
import { API_ROLES, holdsAny } from '../roles.js';
import { loadStaticSandbox } from '../static-sandbox.js';
import { type RawQuery, validateParams } from '../validate-params.js';

/** One operation's route: its spec and the rate and burst it is limited to (scaled, or the sandbox's). */
export interface RouteInfo {
  op: OperationSpec;
  rate: number;
  burst: number;
  rateHeader: string;
}

/**
 * The request pipeline, in this order:
 * faults (latency, drop, 429/5xx, expired token) → user-agent → access token → rate limit →
 * (static mode: the sandbox answers) → role → RDT coverage → parameters → operation → lost-answer fault
 * (drop-after), payload wrapper, malformed-body fault. Stats count every request by its outcome.
 */
export async function handleOperation(
  state: EmulatorState,
  route: RouteInfo,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const { op } = route;
  const query = (request.query ?? {}) as RawQuery;
  const decision = rollFaults(
    effectiveFaults(state.faultRules, op.key),
    state.faultPrng,
    op.pagination !== null && query[op.pagination.param] !== undefined,
  );
  if (decision.latencyMs > 0 && !(await state.delay(decision.latencyMs))) {
    dropConnection(reply);
    return;
  }
  try {
    switch (decision.early) {
      case 'drop':
        state.stats.record(op.key, 'error');
        dropConnection(reply);
        return;
      case 429:
        throw quotaExceeded();
      case 500:
        throw new AmazonErrorResponse(500, 'InternalFailure', MESSAGES.internal, '');
      case 503:
        throw new AmazonErrorResponse(503, 'ServiceUnavailable', MESSAGES.unavailable, '');
      case 'expired-token':
        throw invalidInput(
          `The ${op.pagination?.param ?? 'pagination token'} has expired.`,
          'Start again without it.',
        );
    }
    checkUserAgent(request.headers['user-agent']);
    const now = state.now();
    const caller = authenticate(state, op, request.headers['x-amz-access-token'], now);
    checkRegion(state, request.raw.socket, caller.sellerId);
    if (state.options.rateLimits) {
      const key = `${state.credentials.applicationId}|${caller.sellerId}|${op.key}`;
      if (!state.limiter.take(key, route.rate, route.burst, now)) throw quotaExceeded();
    }
    const pathParams = (request.params ?? {}) as Record<string, string>;
    if (state.options.mode === 'static') {
      const flatQuery: Record<string, string> = {};
      for (const [k, v] of Object.entries(query))
        if (v !== undefined) flatQuery[k] = Array.isArray(v) ? v.join(',') : v;
      const answer = loadStaticSandbox().respond(op.key, {
        pathParams,
        query: flatQuery,
        body: request.body,
      });
      return send(state, route, reply, answer.status, answer.body);
    }
    const definition = OPERATION_HANDLERS.get(op.key);
    if (!definition) {
      throw new AmazonErrorResponse(
        501,
        'NotImplemented',
        `The emulator does not implement ${op.key} in dynamic mode yet.`,
        "Run it with --mode static for the answers of Amazon's sandbox, or add src/emulator/operations/<operation>.ts.",
      );
    }
    const roles = API_ROLES[op.api];
    if (roles && !holdsAny(state.roles, roles)) throw unauthorized('');
    const path = request.url.split('?', 1)[0] ?? request.url;
    if (caller.rdt && (!op.restricted || coveringResources(caller.rdt, op.method, path).length === 0)) {
      throw unauthorized('');
    }
    const params = validateParams(op, pathParams, query);
    // Feeds and reports whose time has come are processed before anything reads what they change.
    state.processDue(now);
    const result = definition.handle({
      state,
      op,
      caller,
      method: op.method,
      path,
      pathParams,
      params,
      rawQuery: query,
      body: request.body,
      now,
      baseUrl: `${request.protocol}://${request.host}`,
    });
    if (decision.dropAfter) {
      // The operation's effect has landed; its answer is lost on the way back.
      state.stats.record(op.key, 'error');
      dropConnection(reply);
      return;
    }
    const status = result.status ?? op.successStatus;
    let body = result.body;
    if (body !== undefined && op.payloadWrapper) body = { payload: body, ...result.beside };
    if (decision.malformed && body !== undefined) {
      // A body cut in half: valid JSON start, no end. Clients must treat it as a transient failure.
      const text = JSON.stringify(body);
      state.stats.record(op.key, 'error');
      reply.code(200).header('x-amzn-RateLimit-Limit', route.rateHeader).type('application/json');
      return reply.send(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
    }
    return send(state, route, reply, status, body);
  } catch (error) {
    if (error instanceof AmazonErrorResponse) return send(state, route, reply, error.status, error.body);
    throw error;
  }
}

function send(
  state: EmulatorState,
  route: RouteInfo,
  reply: FastifyReply,
  status: number,
  body: unknown,
): FastifyReply {
  state.stats.record(route.op.key, status === 429 ? 'throttled' : status >= 400 ? 'error' : 'ok');
  // Amazon sends the rate header only on 2xx, 400 and 404 (usage-plans docs).
  if ((status >= 200 && status < 300) || status === 400 || status === 404) {
    reply.header('x-amzn-RateLimit-Limit', route.rateHeader);
  }
  reply.code(status);
  return body === undefined ? reply.send() : reply.send(body);
}

function checkUserAgent(userAgent: string | undefined): void {
  if (userAgent === undefined || userAgent.trim() === '') {
    throw invalidInput(
      "Missing required header 'user-agent'.",
      "Send e.g. 'MyApp/1.0 (Language=TypeScript/5.9; Platform=Node.js/20)'.",
    );
  }
  if (userAgent.length > MAX_USER_AGENT_LENGTH) {
    throw invalidInput(
      `The 'user-agent' header is ${userAgent.length} characters long; the limit is ${MAX_USER_AGENT_LENGTH}.`,
    );
  }
}

/** Authenticates on `x-amz-access-token` only; Authorization and other signature headers are ignored. */
function authenticate(
  state: EmulatorState,
  op: OperationSpec,
  header: string | string[] | undefined,
  now: number,
): Caller {
  const token = Array.isArray(header) ? header[0] : header;
  if (token === undefined || token.trim() === '') throw unauthorized(MESSAGES.tokenMissing);
  const record = state.tokens.lookup(token.trim());
  if (!record || record.clientId !== state.credentials.clientId) throw unauthorized(MESSAGES.tokenInvalid);
  if (record.expiresAt <= now) throw unauthorized(MESSAGES.tokenExpired);
  if (record.kind === 'grantless') {
    // Amazon's sandbox takes any valid token; production wants a seller token for seller operations.
    if (op.grantless || state.options.mode === 'static') return { sellerId: '', clientId: record.clientId };
    throw unauthorized('');
  }
  if (op.grantless && state.options.mode !== 'static') throw unauthorized('');
  if (record.kind === 'rdt')
    return { sellerId: record.sellerId, clientId: record.clientId, rdt: record.resources };
  return { sellerId: record.sellerId, clientId: record.clientId };
}
