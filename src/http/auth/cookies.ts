import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_IDLE_MS } from './sessions.js';

/** The session cookie's name. */
export const SESSION_COOKIE = 'csm_session';

/** A cookie's value from the `Cookie` header; undefined when absent. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * Sets (or with null, clears) the session cookie: `HttpOnly` (no script reads it), `SameSite=Lax` (not sent
 * on cross-site posts), `Path=/`, and `Secure` when the request came over HTTPS (directly, or through a
 * trusted proxy's `X-Forwarded-Proto: https`).
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string | null): void {
  const parts = [
    `${SESSION_COOKIE}=${value ?? ''}`,
    'HttpOnly',
    'SameSite=Lax',
    'Path=/',
    `Max-Age=${value === null ? 0 : Math.floor(SESSION_IDLE_MS / 1000)}`,
  ];
  if (request.protocol === 'https') parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
}
