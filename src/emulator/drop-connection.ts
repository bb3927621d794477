import type { FastifyReply } from 'fastify';

/**
 * Ends a request without any answer: the socket is destroyed over HTTP, and `app.inject()` rejects the
 * same way. For the `drop` fault, and for a request still waiting on a latency fault when the emulator closes.
 */
export function dropConnection(reply: FastifyReply): FastifyReply {
  reply.hijack();
  reply.raw.destroy();
  return reply;
}
