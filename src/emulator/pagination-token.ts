import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Opaque pagination tokens: the search state, base64url-encoded and signed with a key derived from the seed,
 * so a client can neither read meaning into them nor forge one. The server keeps no state per token.
 */
export class PaginationTokens {
  private readonly key: Buffer;

  constructor(seed: number) {
    this.key = createHmac('sha256', 'csm-emulator-pagination').update(String(seed)).digest();
  }

  encode(state: unknown): string {
    const body = Buffer.from(JSON.stringify(state)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The state, or undefined when the token is not one the emulator issued. */
  decode(token: string): unknown {
    const dot = token.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const expected = Buffer.from(this.sign(body));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }
}
