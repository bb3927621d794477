import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Prefixes that tell a csm credential on sight (and let secret scanners find a leaked one). */
export const TOKEN_PREFIX = { api: 'csm_', session: '', setup: '' } as const;

/** A new random credential: 32 bytes, base64url, with an optional prefix. */
export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** What the store keeps of a credential: its SHA-256, hex. A stolen table yields nothing usable. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time equality of two strings (CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
