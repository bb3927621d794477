import { type EmulatorCredentials, generateCredentials } from './credentials.js';
import { type FaultRules, parseFaultSpec } from './faults.js';
import type { EmulatorOptions } from './options.js';
import { OrderStore } from './orders/order-store.js';
import { PaginationTokens } from './pagination-token.js';
import { createPrng, type Prng } from './prng.js';
import { RateLimiter } from './rate-limiter.js';
import { ROLES, type Role } from './roles.js';
import { Stats } from './stats.js';
import { TokenStore } from './token-store.js';

/** Everything one emulator instance knows; routes read and change it, nothing else holds state. */
export class EmulatorState {
  readonly credentials: EmulatorCredentials;
  readonly startedAt: number;
  readonly tokens: TokenStore;
  readonly orders: OrderStore;
  readonly limiter = new RateLimiter();
  readonly stats = new Stats();
  readonly pagination: PaginationTokens;
  /** The application's current client secret, and whether it has expired (`invalid_client` then). */
  clientSecret: string;
  secretExpired = false;
  roles: Set<Role> = new Set(ROLES);
  faultSpec: string;
  faultRules: FaultRules;
  readonly faultPrng: Prng;
  private readonly secretPrng: Prng;

  constructor(readonly options: EmulatorOptions) {
    this.startedAt = options.now();
    this.credentials = generateCredentials(options.seed, options.sellers);
    this.clientSecret = this.credentials.clientSecret;
    this.tokens = new TokenStore(createPrng(options.seed, 'tokens'));
    for (const s of this.credentials.sellers) {
      this.tokens.addRefreshToken(s.refreshToken, s.sellerId, this.credentials.clientId);
    }
    this.orders = new OrderStore(options.seed, this.credentials.sellers);
    if (options.mode === 'dynamic') this.orders.generate(options.orders, options.days, this.startedAt);
    this.pagination = new PaginationTokens(options.seed);
    this.faultSpec = options.faults;
    this.faultRules = parseFaultSpec(options.faults);
    this.faultPrng = createPrng(options.seed, 'faults');
    this.secretPrng = createPrng(options.seed, 'secret-rotation');
  }

  now(): number {
    return this.options.now();
  }

  seller(sellerId: string): EmulatorCredentials['sellers'][number] | undefined {
    return this.credentials.sellers.find((s) => s.sellerId === sellerId);
  }

  /** The credentials as `GET /_emulator/credentials` reports them (the current secret). */
  publicCredentials(): EmulatorCredentials {
    return { ...structuredClone(this.credentials), clientSecret: this.clientSecret };
  }

  /** A new client secret, as rotating it in Seller Central does; the expired flag clears. */
  rotateSecret(): string {
    this.clientSecret = `amzn1.oa2-cs.v1.${this.secretPrng.hex(64)}`;
    this.secretExpired = false;
    return this.clientSecret;
  }

  setFaults(spec: string): void {
    this.faultRules = parseFaultSpec(spec);
    this.faultSpec = spec;
  }
}
