import { TOKEN_ALPHABET } from './credentials.js';
import type { Prng } from './prng.js';

/** LWA access tokens and RDTs live one hour, as on Amazon. */
export const TOKEN_LIFETIME_S = 3600;
/** An `spapi_oauth_code` lives five minutes and is single use. */
const AUTH_CODE_LIFETIME_S = 300;

/** A resource an RDT covers: the method and the path template or specific path it was issued for. */
export interface RdtResource {
  method: string;
  /** Path segments; a `{name}` segment matches any value. */
  segments: readonly string[];
  dataElements: readonly string[];
}

type IssuedToken =
  | { kind: 'lwa'; clientId: string; sellerId: string; expiresAt: number }
  | { kind: 'grantless'; clientId: string; scope: string; expiresAt: number }
  | { kind: 'rdt'; clientId: string; sellerId: string; resources: readonly RdtResource[]; expiresAt: number };

interface RefreshTokenRecord {
  sellerId: string;
  /** The LWA client the token was minted for; another client presenting it gets `unauthorized_client`. */
  clientId: string;
  revoked: boolean;
}

interface AuthCode {
  sellerId: string;
  clientId: string;
  /** The redirect_uri of the consent, when one was given; the exchange must repeat it. */
  redirectUri: string | undefined;
  expiresAt: number;
  used: boolean;
}

/** Every token the emulator has issued, looked up by value. */
export class TokenStore {
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly codes = new Map<string, AuthCode>();
  private issuedSincePrune = 0;

  constructor(private readonly prng: Prng) {}

  addRefreshToken(token: string, sellerId: string, clientId: string): void {
    this.refreshTokens.set(token, { sellerId, clientId, revoked: false });
  }

  /** The record of a refresh token the emulator knows (revoked ones included). */
  refreshToken(token: string): Readonly<RefreshTokenRecord> | undefined {
    return this.refreshTokens.get(token);
  }

  mintRefreshToken(sellerId: string, clientId: string): string {
    const token = `Atzr|${this.prng.chars(96, TOKEN_ALPHABET)}`;
    this.addRefreshToken(token, sellerId, clientId);
    return token;
  }

  issue(record: IssuedToken, now: number): string {
    const prefix = record.kind === 'rdt' ? 'Atz.sprdt|' : 'Atza|';
    const token = `${prefix}${this.prng.chars(160, TOKEN_ALPHABET)}`;
    this.issued.set(token, record);
    // Long runs refresh often; forget tokens that expired long ago so memory stays flat.
    if (++this.issuedSincePrune >= 10_000) this.prune(now);
    return token;
  }

  lookup(token: string): IssuedToken | undefined {
    return this.issued.get(token);
  }

  /** Every access token and RDT issued so far becomes expired (refresh tokens stay valid). */
  expireAll(now: number): number {
    let count = 0;
    for (const record of this.issued.values()) {
      if (record.expiresAt > now - 1) {
        record.expiresAt = now - 1;
        count++;
      }
    }
    return count;
  }

  /** The seller de-authorized the app: its refresh tokens are revoked and its access tokens stop working. */
  revokeSeller(sellerId: string): void {
    for (const record of this.refreshTokens.values()) if (record.sellerId === sellerId) record.revoked = true;
    for (const [token, record] of this.issued) {
      if (record.kind !== 'grantless' && record.sellerId === sellerId) this.issued.delete(token);
    }
  }

  mintAuthCode(sellerId: string, clientId: string, redirectUri: string | undefined, now: number): string {
    const code = this.prng.chars(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz');
    const expiresAt = now + AUTH_CODE_LIFETIME_S * 1000;
    this.codes.set(code, { sellerId, clientId, redirectUri, expiresAt, used: false });
    return code;
  }

  /** Redeems a code once; undefined when unknown, used, expired, for another client or another redirect_uri. */
  redeemAuthCode(
    code: string,
    clientId: string,
    redirectUri: string | undefined,
    now: number,
  ): string | undefined {
    const record = this.codes.get(code);
    if (!record || record.used || record.expiresAt <= now || record.clientId !== clientId) return undefined;
    if (record.redirectUri !== undefined && record.redirectUri !== redirectUri) return undefined;
    record.used = true;
    return record.sellerId;
  }

  private prune(now: number): void {
    this.issuedSincePrune = 0;
    for (const [token, record] of this.issued) {
      if (record.expiresAt < now - 24 * 3600 * 1000) this.issued.delete(token);
    }
  }
}
