import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as Kysely sees them (snake_case, as in the SQL of ./migrations). The same types serve both
 * stores: PGlite and PostgreSQL answer with the same wire types.
 */
export interface Database {
  schema_migrations: SchemaMigrationsTable;
  accounts: AccountsTable;
  account_secrets: AccountSecretsTable;
  vault_keys: VaultKeysTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_pii: OrderPiiTable;
  order_sync_state: OrderSyncStateTable;
  sync_schedules: SyncSchedulesTable;
  rate_limit_buckets: RateLimitBucketsTable;
  shipments: ShipmentsTable;
  shipment_packages: ShipmentPackagesTable;
  users: UsersTable;
  user_accounts: UserAccountsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  token_accounts: TokenAccountsTable;
  audit_log: AuditLogTable;
  login_attempts: LoginAttemptsTable;
  setup_tokens: SetupTokensTable;
  events: EventsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  account_health: AccountHealthTable;
}

/** One row per migration applied, forward only. */
export interface SchemaMigrationsTable {
  id: string;
  applied_at: Generated<Date>;
}

/** A seller or vendor account; its secrets live in `account_secrets`, encrypted. */
export interface AccountsTable {
  /** A UUID; with the field name, the associated data of the account's encrypted values. */
  id: Generated<string>;
  name: string;
  kind: 'seller' | 'vendor';
  region: 'na' | 'eu' | 'fe';
  /** The LWA client identifier (`amzn1.application-oa2-client.…`): not a secret, shown by `accounts show`. */
  client_id: string;
  /** The Merchant Token; null until known. */
  seller_id: string | null;
  /** One base URL for LWA and SP-API (the emulator's) instead of Amazon's hosts; null for Amazon. */
  endpoint: string | null;
  /** Marketplace participations as discovered; written as a JSON string, read back parsed. */
  marketplaces: ColumnType<unknown[], string, string>;
  /** The day the LWA client secret was created (`YYYY-MM-DD`, Amazon rotates it every 180 days). */
  secret_created: string | null;
  /** Legacy AWS fields (optional since 2023-10-02); the secret access key is in `account_secrets`. */
  aws_access_key_id: string | null;
  role_arn: string | null;
  /** The app's id (`amzn1.sellerapps.app.…` or `amzn1.sp.solution.…`), for OAuth; null when not given. */
  application_id: string | null;
  /** Calls go to Amazon's sandbox (static answers) instead of production. */
  sandbox: Generated<boolean>;
  /**
   * One base URL per region (`{"na","eu","fe"}`, from `CSM_REGION_ENDPOINTS`) instead of Amazon's hosts;
   * null otherwise. Never set together with `endpoint`.
   */
  region_endpoints: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** An encrypted value (AES-256-GCM) of one field of one account: see src/accounts/vault. */
export interface AccountSecretsTable {
  account_id: string;
  /** `client_secret`, `refresh_token`, `aws_secret_access_key`, ... */
  field: string;
  /** The vault key that sealed it (`vault_keys.key_id`). */
  key_id: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  updated_at: Generated<Date>;
}

/** The master keys the vault has known: one current, the others retired by rotation. */
export interface VaultKeysTable {
  /** A fingerprint of the key, not the key. */
  key_id: string;
  /** A value only the key can produce: tells a wrong master key from a right one. */
  check_value: Buffer;
  created_at: Generated<Date>;
  retired_at: Date | null;
}

/** Amazon's orders API that a row or a sync used. */
export type OrdersApi = '2026-01-01' | 'v0';

/** Where an order stands in the hand-off to the ERP (`csm orders ack`). */
export type HoldingStatus = 'new' | 'exported' | 'error' | 'complete';

/**
 * One order of one account: typed columns for queries, Amazon's JSON in `raw` (without its items, which are
 * in `order_items`, and without buyer and recipient data, which are in `order_pii`, encrypted).
 */
export interface OrdersTable {
  account_id: string;
  /** Amazon's order id (`123-1234567-1234567`). */
  order_id: string;
  /** The API the stored version came from; `raw` is in that API's shape. */
  api: OrdersApi;
  marketplace_id: string | null;
  /** Orders 2026-01-01 `fulfillment.fulfillmentStatus` (`PENDING`, `UNSHIPPED`, `SHIPPED`, ...), open-ended. */
  status: string | null;
  /** `AMAZON` (FBA) or `MERCHANT` (FBM). */
  fulfilled_by: string | null;
  service_level: string | null;
  seller_order_id: string | null;
  created_time: Date;
  /** Amazon's last-updated time of the stored version: an older version never replaces a newer one. */
  last_updated_time: Date;
  ship_by: Date | null;
  deliver_by: Date | null;
  /** A decimal as a string: exact, as Amazon sends it. */
  order_total: ColumnType<string | null, string | null, string | null>;
  currency: string | null;
  is_prime: boolean;
  is_business: boolean;
  item_lines: number;
  units: number;
  /** The delivery country (ISO code): not personal data, kept in the clear. */
  ship_country: string | null;
  raw: ColumnType<Record<string, unknown>, string, string>;
  /** SHA-256 of the whole version as received: tells a changed version with the same time from a repeat. */
  content_hash: string;
  /** Starts at 1; +1 each time a newer version replaces the stored one. */
  version: ColumnType<number, number | undefined, number>;
  holding: ColumnType<HoldingStatus, HoldingStatus | undefined, HoldingStatus>;
  holding_note: string | null;
  holding_changed_at: Date | null;
  /** When the 30 days of buyer-data retention start (shipped, delivered or cancelled); null while open. */
  retention_from: Date | null;
  /** Set when the buyer data was deleted for retention; it is never stored again for this order. */
  pii_deleted_at: Date | null;
  first_seen_at: Date;
  synced_at: Date;
  /** Last time Amazon was asked about this order (a search page or a re-check). */
  checked_at: Date;
}

/** One line of an order. */
export interface OrderItemsTable {
  account_id: string;
  order_id: string;
  order_item_id: string;
  /** The line's place in Amazon's list. */
  position: number;
  asin: string | null;
  seller_sku: string | null;
  title: string | null;
  quantity_ordered: number;
  quantity_shipped: number | null;
  unit_price: ColumnType<string | null, string | null, string | null>;
  currency: string | null;
  /** Amazon's JSON of the item, without gift messages or customizations (in `order_pii`). */
  raw: ColumnType<Record<string, unknown>, string, string>;
}

/**
 * Buyer and recipient data of one order, AES-256-GCM under the account's order-data key (itself sealed by
 * the vault's master key), bound to the account and order ids.
 */
export interface OrderPiiTable {
  account_id: string;
  order_id: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  updated_at: Date;
}

/** Each account's order sync: settings, watermark, the window in progress and who runs it. */
export interface OrderSyncStateTable {
  account_id: string;
  api: ColumnType<OrdersApi, OrdersApi | undefined, OrdersApi>;
  pii_allowed: ColumnType<boolean, boolean | undefined, boolean>;
  /** Everything last-updated before this time has been synced. */
  watermark: Date | null;
  /** The window in progress (null when none is). */
  window_after: Date | null;
  window_before: Date | null;
  window_api: OrdersApi | null;
  /** The next page's token of the window in progress; null: its first page. */
  page_token: string | null;
  pages_done: ColumnType<number, number | undefined, number>;
  /** The sync running now, and until when its lease holds unless renewed. */
  lease_owner: string | null;
  lease_pid: number | null;
  lease_host: string | null;
  lease_until: Date | null;
  last_started_at: Date | null;
  last_completed_at: Date | null;
  last_error: string | null;
  last_error_at: Date | null;
  updated_at: Generated<Date>;
}

/** When each account is synced next, how its cadence backs off, and the job queued or running for it. */
export interface SyncSchedulesTable {
  account_id: string;
  /** The cadence the user set (`csm schedule set --every`). */
  interval_seconds: Generated<number>;
  /** The longest the cadence stretches while the account is idle (`csm schedule set --idle-max`). */
  max_idle_seconds: Generated<number>;
  /** The cadence in force: the interval, stretched while the account is idle or failing. */
  delay_seconds: Generated<number>;
  next_run_at: Date;
  /** The last 'sync now' request not yet served. */
  requested_at: Date | null;
  /** Syncs in a row that found nothing new. */
  idle_runs: Generated<number>;
  /** Syncs in a row that failed. */
  failures: Generated<number>;
  /** Since when a job for the account is queued or running; null when none is. */
  pending_since: Date | null;
  /** The process running the job now, and when it last said it still does. */
  run_owner: string | null;
  heartbeat_at: Date | null;
  /** When the last run was due, started and finished (due to started: the scheduler's lag). */
  last_due_at: Date | null;
  last_started_at: Date | null;
  last_finished_at: Date | null;
  last_outcome: 'changed' | 'idle' | 'failed' | 'aborted' | 'busy' | null;
  /** A message without secrets or buyer data. */
  last_error: string | null;
  /** Orders the last run saw. */
  last_orders: number | null;
}

/** One SP-API token bucket, shared by every process (src/accounts/rate-limit-store.ts). */
export interface RateLimitBucketsTable {
  /** `seller:operation` or `application:operation`, as the client's rate-limit layer names it. */
  key: string;
  /** The client's bucket state (src/sp-api/rate-limit/token-bucket.ts); null until the first take. */
  state: ColumnType<unknown, string | null, string | null>;
  /** A rate learnt before the bucket's first take. */
  pending_rate: number | null;
  updated_at: Generated<Date>;
}

/** Where a shipment or package stands in its confirmation at Amazon (docs/writeback.md). */
export type ShipmentStatus = 'pending' | 'sending' | 'confirmed' | 'failed';

/** What one `csm ship`, CSV order or REST call asked to confirm for one order: one or more packages. */
export interface ShipmentsTable {
  id: Generated<string>;
  account_id: string;
  order_id: string;
  marketplace_id: string;
  /** The packages' statuses summed up: failed if one failed, confirmed when all are, else pending/sending. */
  status: ColumnType<ShipmentStatus, ShipmentStatus | undefined, ShipmentStatus>;
  failure_reason: string | null;
  source: 'cli' | 'file' | 'api';
  created_at: Date;
  updated_at: Date;
}

/** One package to confirm at Amazon (one confirmShipment call, or one feed message): the outbox row. */
export interface ShipmentPackagesTable {
  id: Generated<string>;
  shipment_id: string;
  account_id: string;
  order_id: string;
  /** Positive number, unique within the order, as confirmShipment wants. */
  package_reference_id: string;
  /** SHA-256 of account, order, tracking number and items: the same request finds this row again. */
  idempotency_key: string;
  carrier_code: string;
  carrier_name: string | null;
  tracking_number: string;
  ship_date: Date;
  shipping_method: string | null;
  /** `[{ orderItemId, quantity }]`; written as a JSON string. */
  items: ColumnType<{ orderItemId: string; quantity: number }[], string, string>;
  status: ColumnType<ShipmentStatus, ShipmentStatus | undefined, ShipmentStatus>;
  via: ColumnType<
    'confirmShipment' | 'feed',
    'confirmShipment' | 'feed' | undefined,
    'confirmShipment' | 'feed'
  >;
  failure_code: string | null;
  failure_reason: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  /** A send was started and its answer never recorded: reconcile with Amazon before sending again. */
  outcome_unknown: ColumnType<boolean, boolean | undefined, boolean>;
  next_attempt_at: Date;
  /** The process sending it now, and until when its claim holds. */
  lease_owner: string | null;
  lease_until: Date | null;
  feed_id: string | null;
  feed_message_id: number | null;
  /** Amazon's x-amzn-RequestId of the confirming call. */
  request_id: string | null;
  confirmed_at: Date | null;
  /** Recorded as confirmed from Amazon's state of the order, not from an answer to a send. */
  reconciled: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Date;
  updated_at: Date;
}

/** A person who signs in to the dashboard (src/http/auth). */
export interface UsersTable {
  id: Generated<string>;
  name: string;
  /** `scrypt$N$r$p$salt$hash` (base64): never the password. */
  password_hash: string;
  admin: Generated<boolean>;
  /** May reveal buyer and recipient data. */
  pii: Generated<boolean>;
  created_at: Generated<Date>;
  password_changed_at: Generated<Date>;
}

/** A user limited to some accounts has one row per account; a user without rows sees every account. */
export interface UserAccountsTable {
  user_id: string;
  account_id: string;
}

/** A signed-in browser. */
export interface SessionsTable {
  /** SHA-256 (hex) of the cookie's value: the store never holds a usable session. */
  id: string;
  user_id: string;
  /** Required on every state-changing request made with the cookie. */
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
}

/** A machine's bearer token (`csm tokens create`). */
export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  scope: 'read' | 'write';
  pii: Generated<boolean>;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** A token limited to some accounts has one row per account; a token without rows sees every account. */
export interface TokenAccountsTable {
  token_id: string;
  account_id: string;
}

/** Who did what that matters: each PII reveal, sign-ins, users and tokens made or revoked. */
export interface AuditLogTable {
  id: Generated<string>;
  at: Generated<Date>;
  actor_kind: 'user' | 'token' | 'cli' | 'anonymous';
  /** The user's or token's name (or the OS user for the CLI). */
  actor: string;
  /** `pii.reveal`, `login`, `login.failed`, `user.add`, `token.create`, `token.revoke`, ... */
  action: string;
  account_id: string | null;
  order_id: string | null;
  /** Never a secret or buyer data. */
  detail: ColumnType<unknown, string | null | undefined, string | null>;
}

/** Failed sign-ins per user name and per client address, for throttling. */
export interface LoginAttemptsTable {
  /** `user:NAME` or `ip:ADDRESS`. */
  key: string;
  failures: number;
  last_failure_at: Date;
  blocked_until: Date | null;
}

/** The one-time link that creates the first admin of a store without users. */
export interface SetupTokensTable {
  /** SHA-256 (hex) of the token. */
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
  used_at: Date | null;
}

/** The events outbox (src/webhooks): one row per event, written with the change that caused it. */
export interface EventsTable {
  id: Generated<string>;
  /** Commit-ish order for the fan-out. */
  seq: Generated<string>;
  /** `order.created`, `order.updated`, `shipment.confirmed`, `shipment.failed`, `account.unhealthy`. */
  type: string;
  account_id: string | null;
  /** What the event is about: an order id, a shipment id, an account id. */
  subject: string | null;
  /** The event's data as the ERP receives it (no secrets, no buyer data); written as a JSON string. */
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** When its deliveries were created; null while the fan-out has not seen it. */
  fanned_out_at: Date | null;
}

/** An ERP's subscription to events; its signing secret sealed by the vault (bound to the id). */
export interface WebhookSubscriptionsTable {
  id: Generated<string>;
  url: string;
  events: string[];
  /** Only this account's events; null for every account. */
  account_id: string | null;
  key_id: string;
  nonce: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
  created_at: Generated<Date>;
}

/** One event to one subscription, until delivered or given up. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  event_id: string;
  subscription_id: string;
  status: ColumnType<
    'pending' | 'delivered' | 'failed',
    'pending' | undefined,
    'delivered' | 'failed' | 'pending'
  >;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: Date | null;
  /** The pg-boss job that will make the next attempt; the sweeper queues one where none is alive. */
  job_id: string | null;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  /** Without the secret or the body. */
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** The delivery log: every attempt at a delivery. */
export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  outcome: 'delivered' | 'failed';
  error: string | null;
}

/** The health an account was last seen in (`account.unhealthy` fires when a reason appears). */
export interface AccountHealthTable {
  account_id: string;
  /** The codes of the reasons it is unhealthy; empty when healthy. Written as a JSON string. */
  reasons: ColumnType<string[], string, string>;
  checked_at: Date;
  changed_at: Date;
}
