import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceOptions } from '../surface-options.js';
import { authenticateSigV4 } from './authenticate-sigv4.js';
import { type ActionResult, assumeRole, getCallerIdentity } from './sts-actions.js';
import { STS_MESSAGES, StsError } from './sts-error.js';
import { actionResponse, errorResponse } from './sts-xml.js';

const VERSION = '2011-06-15';

/**
 * AWS STS in its own protocol (the Query API, version 2011-06-15), registered under the prefix `/sts`:
 * a form-encoded `Action=…&Version=…` (body or query string), SigV4-signed with the IAM model's keys,
 * answered in XML with `x-amzn-RequestId`, errors in AWS's `ErrorResponse`. Actions: GetCallerIdentity and
 * AssumeRole. An SDK reaches it with `endpoint: '<emulator URL>/sts'`.
 */
export const stsPlugin: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  // The signature covers the body as sent, so this surface keeps every body as raw text.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    if (error instanceof StsError) return xml(reply, error.status, errorXml(request, reply, error));
    const status = error.statusCode ?? 500;
    const answer =
      status >= 400 && status < 500
        ? new StsError(400, 'MalformedQueryString', 'The request could not be parsed.')
        : new StsError(500, 'InternalFailure', STS_MESSAGES.internal, 'Receiver');
    return xml(reply, answer.status, errorXml(request, reply, answer));
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const [path = '/', query = ''] = request.url.split('?', 2);
    const body = typeof request.body === 'string' ? request.body : '';
    const wire = { method: request.method, path, query, headers: request.headers, body };
    const caller = authenticateSigV4(wire, state.iam, state.now());
    const params = new URLSearchParams(query);
    for (const [key, value] of new URLSearchParams(body)) params.set(key, value);
    const action = params.get('Action');
    if (action === null || action === '') throw new StsError(400, 'MissingAction', 'Missing Action');
    const version = params.get('Version') ?? '';
    let result: ActionResult;
    if (version === VERSION && action === 'GetCallerIdentity') result = getCallerIdentity(caller);
    else if (version === VERSION && action === 'AssumeRole')
      result = assumeRole(caller, params, state.iam, state.now());
    else
      throw new StsError(400, 'InvalidAction', `Could not find operation ${action} for version ${version}`);
    return xml(reply, 200, actionResponse(action, result, requestId(reply)));
  };
  app.get('/', handle);
  app.post('/', handle);
  app.setNotFoundHandler(handle);
};

const requestId = (reply: FastifyReply): string => String(reply.getHeader('x-amzn-RequestId') ?? '');

function errorXml(_request: FastifyRequest, reply: FastifyReply, error: StsError): string {
  return errorResponse(error.type, error.code, error.message, requestId(reply));
}

function xml(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).type('text/xml').send(body);
}
