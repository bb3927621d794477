import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AmazonErrorResponse } from './amazon-error-response.js';

/**
 * Requests that fail before any surface owns them (a path that does not decode, an over-long path segment,
 * headers past the size limit, bytes that are not HTTP) never reach a plugin's error handler. The emulator
 * stands where Amazon's host stands, so these answer in Amazon's shape with an `x-amzn-RequestId`, instead
 * of fastify's or Node's own bodies.
 */

/** The longest path segment routed to an operation; longer ones are 414 before routing. */
export const MAX_PATH_SEGMENT_LENGTH = 2048;
/** Node's limit on the request line and headers together; past it, 414 or 431. */
export const MAX_HEADER_BYTES = 16 * 1024;

const invalid = (status: number, details: string): AmazonErrorResponse =>
  new AmazonErrorResponse(status, 'InvalidInput', 'Invalid Input', details);

/** fastify's `frameworkErrors`: errors of the router, before routing. */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const answer =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? invalid(414, `A segment of the request path is longer than ${MAX_PATH_SEGMENT_LENGTH} characters.`)
      : error.code === 'FST_ERR_BAD_URL'
        ? invalid(400, 'The request path is not a valid URL (a malformed percent-encoding).')
        : new AmazonErrorResponse(
            500,
            'InternalFailure',
            'We encountered an internal error. Please try again.',
            '',
          );
  void reply.code(answer.status).header('x-amzn-RequestId', randomUUID()).send(answer.body);
}

/** fastify's `clientErrorHandler`: Node's HTTP parser refused the bytes, so there is no request at all. */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let answer: AmazonErrorResponse;
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    answer = requestLineOverflows((error as { rawPacket?: unknown }).rawPacket)
      ? invalid(414, `The request URL is longer than the ${MAX_HEADER_BYTES}-byte limit.`)
      : invalid(431, `The request headers are larger than the ${MAX_HEADER_BYTES}-byte limit.`);
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT') {
    answer = new AmazonErrorResponse(408, 'RequestTimeout', 'The request was not received in time.', '');
  } else {
    answer = invalid(400, 'The request is not valid HTTP/1.1.');
  }
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify(answer.body);
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-amzn-RequestId: ${randomUUID()}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
    () => socket.destroy(),
  );
}

/** Whether the request line itself (method, URL, version) is what ran past the size limit. */
function requestLineOverflows(rawPacket: unknown): boolean {
  // Node hands over the bytes it had read (a Buffer, whatever fastify's types say).
  if (!Buffer.isBuffer(rawPacket)) return false;
  const end = rawPacket.indexOf('\r\n');
  return end < 0 || end >= MAX_HEADER_BYTES;
}
