import type { Clock } from '../time/clock.js';
import { DEFAULT_APP_NAME, type OAuthAppSettings } from './consent/oauth-app.js';
import { type EmulatorCredentials, generateCredentials } from './credentials.js';
import { DocumentStore } from './documents/document-store.js';
import { type FaultRules, parseFaultSpec } from './faults.js';
import { FeedStore } from './feeds/feed-store.js';
import { processFeed } from './feeds/process-feed.js';
import { DEFAULT_PROCESSING, type ProcessingSettings } from './feeds/processing-settings.js';
import { IamModel } from './iam/iam-model.js';
import { ListingStore } from './listings/listing-store.js';
import { ClientSecrets } from './lwa/client-secrets.js';
import type { EmulatorOptions } from './options.js';
import { ConfirmationLedger } from './orders/confirmation-ledger.js';
import { OrderStore } from './orders/order-store.js';
import { PaginationTokens } from './pagination-token.js';
import { createPrng, type Prng } from './prng.js';
import { RateLimiter } from './rate-limiter.js';
import { RegionalEndpoints } from './regions/regional-endpoints.js';
import { processReport } from './reports/process-report.js';
import { ReportStore } from './reports/report-store.js';
import { ROLES, type Role } from './roles.js';
import { Stats } from './stats.js';
import { TokenStore } from './token-store.js';

export type EmulatedSeller = EmulatorCredentials['sellers'][number];

/**
 * Everything one emulator instance knows. The surfaces (LWA, the gateway, the controls) read it and change
 * it only through its methods and those of its stores, so each change is named once.
 */
export class EmulatorState {
  readonly clock: Clock;
  readonly credentials: EmulatorCredentials;
  readonly startedAt: number;
  readonly tokens: TokenStore;
  readonly orders: OrderStore;
  /** Every seller's listings (Listings Items, FBA Inventory, listings feeds and reports read and change them). */
  readonly listings: ListingStore;
  /** Feed uploads, processing reports and report documents, served at presigned URLs. */
  readonly documents: DocumentStore;
  readonly feeds: FeedStore;
  readonly reports: ReportStore;
  /** Every shipment confirmation accepted, per order and package (in `GET /_emulator/stats`). */
  readonly confirmations = new ConfirmationLedger();
  readonly limiter = new RateLimiter();
  readonly stats = new Stats();
  readonly pagination: PaginationTokens;
  readonly faultPrng: Prng;
  /** Regional mode: which region each connection came in for, and the regional URLs. */
  readonly regional = new RegionalEndpoints();
  /** AWS's side of the legacy setup: IAM users, keys, roles and policies behind `/sts`. */
  readonly iam: IamModel;
  /** The client secret's life on the clock: 180 days, 7 days' grace after a rotation. */
  readonly secrets: ClientSecrets;
  private grantedRoles: ReadonlySet<Role> = new Set(ROLES);
  private processingSettings: ProcessingSettings = { ...DEFAULT_PROCESSING };
  private readonly submissions: Prng;
  private faults: { spec: string; rules: FaultRules };
  private oauthSettings: OAuthAppSettings;
  private readonly closing = new AbortController();

  constructor(readonly options: EmulatorOptions) {
    this.clock = options.clock;
    this.startedAt = this.clock.now();
    this.credentials = generateCredentials(options.seed, options.sellers);
    this.secrets = new ClientSecrets(
      this.credentials.clientSecret,
      this.startedAt,
      createPrng(options.seed, 'secret-rotation'),
    );
    this.iam = new IamModel(options.seed);
    this.tokens = new TokenStore(createPrng(options.seed, 'tokens'));
    for (const s of this.credentials.sellers) {
      this.tokens.addRefreshToken(s.refreshToken, s.sellerId, this.credentials.clientId);
    }
    this.orders = new OrderStore(options.seed, this.credentials.sellers);
    this.listings = new ListingStore(createPrng(options.seed, 'listings'), this.credentials.sellers);
    if (options.mode === 'dynamic') {
      this.orders.generate(options.orders, options.days, this.startedAt);
      this.listings.seed((sellerId) => this.orders.catalog(sellerId), this.startedAt);
    }
    this.documents = new DocumentStore(createPrng(options.seed, 'documents'));
    this.feeds = new FeedStore(createPrng(options.seed, 'feeds'));
    this.reports = new ReportStore(createPrng(options.seed, 'reports'));
    this.submissions = createPrng(options.seed, 'submissions');
    this.pagination = new PaginationTokens(options.seed);
    this.faults = { spec: options.faults, rules: parseFaultSpec(options.faults) };
    this.faultPrng = createPrng(options.seed, 'faults');
    this.oauthSettings = {
      name: DEFAULT_APP_NAME,
      draft: options.draftApp,
      redirectUris: [...options.redirectUris],
    };
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Waits `ms` on the clock, as a latency fault does; false when the emulator started closing meanwhile
   * (the caller then drops the request instead of answering).
   */
  async delay(ms: number): Promise<boolean> {
    try {
      await this.clock.sleep(ms, this.closing.signal);
      return true;
    } catch (error) {
      if (this.closing.signal.aborted) return false;
      throw error;
    }
  }

  /** The emulator is closing: every pending and later `delay` ends at once. */
  close(): void {
    this.closing.abort();
  }

  seller(sellerId: string): EmulatedSeller | undefined {
    return this.credentials.sellers.find((s) => s.sellerId === sellerId);
  }

  /**
   * The credentials as `GET /_emulator/credentials` reports them (the current secret, the IAM model's
   * default user and role); `baseUrl` is the emulator's URL, for `aws.stsEndpoint`.
   */
  publicCredentials(baseUrl = ''): EmulatorCredentials {
    const regional = this.regional.urls;
    return {
      ...structuredClone(this.credentials),
      clientSecret: this.secrets.value,
      aws: { ...this.iam.defaultView(), stsEndpoint: `${baseUrl}/sts` },
      ...(regional ? { endpoints: { ...regional } } : {}),
    };
  }

  /** The application's current client secret. */
  get clientSecret(): string {
    return this.secrets.value;
  }

  /** Whether the client secret has expired (LWA answers `invalid_client` then). */
  get secretExpired(): boolean {
    return this.secrets.isExpired(this.now());
  }

  /** Whether LWA takes this client secret now (the current one, or the previous within 7 days of a rotation). */
  acceptsClientSecret(secret: string): boolean {
    return this.secrets.accepts(secret, this.now());
  }

  /** The roles the application holds. */
  get roles(): ReadonlySet<Role> {
    return this.grantedRoles;
  }

  get faultSpec(): string {
    return this.faults.spec;
  }

  get faultRules(): FaultRules {
    return this.faults.rules;
  }

  /** The client secret expires, as it does in Seller Central when nobody rotates it. */
  expireSecret(): void {
    this.secrets.expire(this.now());
  }

  /** A new client secret, as rotating it in Seller Central does; the previous one works 7 more days. */
  rotateSecret(): string {
    return this.secrets.rotate(this.now());
  }

  /** The app's name, Draft status and OAuth redirect URIs, as the consent page checks them. */
  get oauthApp(): Readonly<OAuthAppSettings> {
    return this.oauthSettings;
  }

  setOAuthApp(changes: Partial<OAuthAppSettings>): void {
    const next = { ...this.oauthSettings, ...changes };
    this.oauthSettings = { ...next, redirectUris: [...next.redirectUris] };
  }

  setRoles(roles: readonly Role[]): void {
    this.grantedRoles = new Set(roles);
  }

  /** The seller de-authorizes the app: its refresh tokens, access tokens and RDTs stop working. */
  revokeSeller(sellerId: string): void {
    this.tokens.revokeSeller(sellerId);
  }

  /** An `spapi_oauth_code`, as the consent redirect hands it to the app. */
  mintAuthorizationCode(sellerId: string, redirectUri: string | undefined): string {
    return this.tokens.mintAuthCode(sellerId, this.credentials.clientId, redirectUri, this.now());
  }

  /** Another self-authorization: a new refresh token for the seller (the old ones stay valid). */
  mintRefreshToken(sellerId: string, clientId: string): string {
    return this.tokens.mintRefreshToken(sellerId, clientId);
  }

  /** Every access token and RDT issued so far expires; returns how many. */
  expireTokens(): number {
    return this.tokens.expireAll(this.now());
  }

  /** Buyers and Amazon at work at `atMs`: new orders and orders moved one step. */
  simulateActivity(
    created: number,
    updated: number,
    atMs: number,
    sellers: readonly EmulatedSeller[],
  ): { created: string[]; updated: string[] } {
    return this.orders.activity(created, updated, atMs, sellers);
  }

  /** Counters and the confirmation ledger start again from zero. */
  resetStats(): void {
    this.stats.reset();
    this.confirmations.reset();
  }

  /** A Listings Items submission id: 32 hex characters, as Amazon writes them. */
  nextSubmissionId(): string {
    return this.submissions.hex(32);
  }

  /** How long feeds and reports take, and how their documents are compressed. */
  get processing(): Readonly<ProcessingSettings> {
    return this.processingSettings;
  }

  /** Changes the processing settings for feeds and reports created from now on. */
  setProcessing(changes: Partial<ProcessingSettings>): void {
    this.processingSettings = { ...this.processingSettings, ...changes };
  }

  /**
   * Processes every feed and report whose processing ended by `nowMs`, in the order they ended, so whatever
   * reads listings, orders, feeds or reports next sees their effects. Called before each operation and
   * control: no timers run, so a fake clock decides when a feed is done.
   */
  processDue(nowMs: number): void {
    const jobs = [
      ...this.feeds.due(nowMs).map((feed) => ({ endMs: feed.endMs, run: () => processFeed(this, feed) })),
      ...this.reports
        .due(nowMs)
        .map((report) => ({ endMs: report.endMs, run: () => processReport(this, report) })),
    ];
    for (const job of jobs.sort((a, b) => a.endMs - b.endMs)) job.run();
  }

  /** Replaces the fault rules; a bad SPEC throws FaultSpecError and changes nothing. */
  setFaults(spec: string): void {
    this.faults = { spec, rules: parseFaultSpec(spec) };
  }
}
