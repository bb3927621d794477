import { createHash, randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { SurfaceOptions } from '../surface-options.js';
import type { StoredDocument } from './document-store.js';
import { verifyPresigned } from './presigned-url.js';
import { noSuchKey, type S3Error, s3Refusal } from './s3-error.js';

/** S3 takes objects far larger than SP-API bodies; a feed document may be tens of megabytes. */
const MAX_DOCUMENT_BYTES = 100 * 1024 * 1024;

interface DocumentsOptions extends SurfaceOptions {
  /** `PUT` for feed uploads (`/_uploads`), `GET` for downloads (`/_downloads`). */
  method: 'PUT' | 'GET';
}

/**
 * The document URLs of createFeedDocument, getFeedDocument and getReportDocument: the emulator's stand-in for
 * Amazon's S3 bucket. Outside the SP-API gateway (no access token, no rate limit, no faults), like a presigned
 * S3 URL; the query's signature is the only credential, and every refusal is S3's XML `<Error>`.
 */
export const documentsPlugin: FastifyPluginAsync<DocumentsOptions> = async (app, { state, method }) => {
  // Bodies are stored as sent, whatever their content type (or none): the signature decides.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_DOCUMENT_BYTES }, (_req, body, done) =>
    done(null, body),
  );
  app.setNotFoundHandler((request, reply) => {
    const requestIds = ids();
    return sendError(reply, noSuchKey(request.url.split('?', 1)[0] ?? '', ...requestIds), requestIds[0]);
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const tooLarge = error.statusCode === 413;
    const code = tooLarge ? 'EntityTooLarge' : 'InternalError';
    const message = tooLarge
      ? 'Your proposed upload exceeds the maximum allowed size'
      : 'We encountered an internal error. Please try again.';
    const [requestId, hostId] = ids();
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
    return sendError(reply, { status: tooLarge ? 400 : 500, body }, requestId);
  });

  app.route({
    method: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH'],
    url: '/:documentId',
    bodyLimit: MAX_DOCUMENT_BYTES,
    handler: async (request: FastifyRequest<{ Params: { documentId: string } }>, reply) => {
      const now = state.now();
      const requestIds = ids();
      const [path = '', query = ''] = splitUrl(request.url);
      // A HEAD is signed as a GET would be.
      const signedMethod = request.method === 'HEAD' ? 'GET' : request.method;
      const refusal = verifyPresigned(
        { method: signedMethod, path, query, headers: request.headers },
        state.documents.key,
        now,
      );
      if (refusal) return sendError(reply, s3Refusal(refusal, ...requestIds, now), requestIds[0]);
      // A valid signature for another method than the URL's cannot exist; this guards a URL made by hand.
      const doc = state.documents.find(request.params.documentId);
      if (!doc || signedMethod !== method) {
        return sendError(reply, noSuchKey(request.params.documentId, ...requestIds), requestIds[0]);
      }
      s3Headers(reply, requestIds[0]);
      if (method === 'PUT') return acceptUpload(reply, doc, request.body, now, state.documents);
      if (!doc.content) return sendError(reply, noSuchKey(doc.id, ...requestIds), requestIds[0]);
      return serveDownload(reply, doc, doc.content, new URLSearchParams(query), request.method === 'HEAD');
    },
  });
};

function acceptUpload(
  reply: FastifyReply,
  doc: StoredDocument,
  body: unknown,
  now: number,
  documents: SurfaceOptions['state']['documents'],
): FastifyReply {
  const content = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  documents.upload(doc, content, now);
  const etag = createHash('md5').update(content).digest('hex');
  return reply.header('etag', `"${etag}"`).code(200).send();
}

function serveDownload(
  reply: FastifyReply,
  doc: StoredDocument,
  content: Buffer,
  query: URLSearchParams,
  head: boolean,
): FastifyReply {
  const encoding = query.get('response-content-encoding');
  reply.code(200);
  if (encoding) reply.header('content-encoding', encoding);
  // A gzipped document without the encoding header is opaque bytes to the client, as on S3.
  reply.type(doc.compressed && !encoding ? 'application/octet-stream' : doc.contentType);
  reply.header('etag', `"${createHash('md5').update(content).digest('hex')}"`);
  if (head) return reply.header('content-length', content.length).send();
  return reply.send(content);
}

function sendError(reply: FastifyReply, error: S3Error, requestId: string): FastifyReply {
  return s3Headers(reply, requestId).code(error.status).type('application/xml').send(error.body);
}

function s3Headers(reply: FastifyReply, requestId: string): FastifyReply {
  return reply.header('server', 'AmazonS3').header('x-amz-request-id', requestId);
}

/** S3's request id (16 hex, upper case) and host id. */
function ids(): [string, string] {
  return [randomBytes(8).toString('hex').toUpperCase(), randomBytes(48).toString('base64')];
}

function splitUrl(url: string): [string, string] {
  const index = url.indexOf('?');
  return index < 0 ? [url, ''] : [url.slice(0, index), url.slice(index + 1)];
}
