import type { Kysely } from 'kysely';
import type { Vault } from '../../accounts/vault/vault.js';
import type { Region } from '../../amazon/regions.js';
import type { SpApiClient } from '../../sp-api/client.js';
import type { WaitFor } from '../../sp-api/events/client-events.js';
import type { Database, OrdersApi } from '../../store/schema.js';
import type { Clock } from '../../time/clock.js';

/** The account one `syncAccount` call syncs. */
export interface SyncTarget {
  /** `accounts.id`: orders, their PII key and the sync state hang off it. */
  readonly accountId: string;
  /** The selling partner id (Merchant Token); shown in progress, not sent (the client's token says who). */
  readonly sellerId: string;
  readonly region: Region;
  /** The marketplaces to sync (Amazon allows at most 50 per search). */
  readonly marketplaceIds: readonly string[];
  /** Orders 2026-01-01 `searchOrders` (default), or v0 `getOrders` + `getOrderItems` as the fallback. */
  readonly api: OrdersApi;
  /**
   * Whether the application may fetch buyer and recipient data (roles `taxInvoicing` /
   * `directToConsumerShipping`): `BUYER` and `RECIPIENT` are asked for, and stored encrypted, only then.
   */
  readonly piiAllowed: boolean;
}

/** Tuning of one sync; every field has a default. */
export interface SyncOptions {
  /**
   * How far before the watermark an incremental window starts: an update Amazon stamps with a time it
   * makes visible only later is still found.
   * @default 600_000 (10 minutes)
   */
  readonly overlapMs?: number;
  /** The first sync's start when `since` is not given. @default 30 days before now */
  readonly firstSyncDays?: number;
  /** Orders per page (1–100). @default 100 */
  readonly pageSize?: number;
  /** Restarts of a window after an expired pagination token, per call, before it fails. @default 3 */
  readonly maxTokenRestarts?: number;
  /** An open order unchanged for this long is re-checked with getOrder. @default 6 hours */
  readonly recheckAfterMs?: number;
  /** Re-checks per call, within getOrder's burst of 30 so they cost no waiting. @default 20 */
  readonly recheckLimit?: number;
  /** How long a sync's claim on its account lasts unless renewed (it renews every third of it). @default 60_000 */
  readonly leaseMs?: number;
}

/** What `syncAccount` needs. */
export interface SyncDeps {
  readonly db: Kysely<Database>;
  /** A client for this account's seller (see `syncClientOptions`). */
  readonly client: SpApiClient;
  readonly clock: Clock;
  /** Opens the account's order-data key, which encrypts buyer and recipient data. */
  readonly vault: Vault;
  readonly target: SyncTarget;
  /**
   * Start the window here instead of at the watermark (a first sync, or a re-sync of a period). A window
   * in progress is abandoned for it.
   * @default the watermark minus the overlap; for a first sync, 30 days before now
   */
  readonly since?: Date;
  /** Aborts between pages or in the middle of a request: the page in flight is abandoned, not committed. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: SyncProgress) => void;
  readonly options?: SyncOptions;
}

/** Live progress of one sync. */
export type SyncProgress =
  | {
      readonly type: 'start';
      readonly accountId: string;
      readonly sellerId: string;
      readonly api: OrdersApi;
      /** The window, ISO times: last-updated after and before. */
      readonly after: string;
      readonly before: string;
      /** Pages of this window already committed by an earlier, interrupted call. */
      readonly resumedAtPage: number;
    }
  | {
      readonly type: 'page';
      readonly accountId: string;
      /** Pages of the window committed so far, this one included. */
      readonly page: number;
      /** Orders on this page, and how many of them were new or newer than stored. */
      readonly orders: number;
      readonly written: number;
      /** Totals of this call. */
      readonly totalOrders: number;
      readonly totalWritten: number;
      /** Whether the window has more pages. */
      readonly more: boolean;
      /**
       * The latest last-updated time on the page (ISO): pages come oldest first, so it tells how far
       * through the window the sync is. Undefined for an empty page.
       */
      readonly reached: string | undefined;
    }
  | {
      readonly type: 'wait';
      readonly accountId: string;
      readonly operation: string;
      readonly for: WaitFor;
      readonly waitMs: number;
      readonly reason: string;
    }
  | { readonly type: 'restart'; readonly accountId: string; readonly reason: 'pagination-token-expired' }
  | {
      readonly type: 'recheck';
      readonly accountId: string;
      readonly checked: number;
      readonly written: number;
    }
  | { readonly type: 'done'; readonly summary: SyncSummary };

/** What one `syncAccount` call did. */
export interface SyncSummary {
  readonly accountId: string;
  readonly sellerId: string;
  readonly api: OrdersApi;
  /** `complete`: the window's last page is committed and the watermark moved; `aborted`: stopped by the signal. */
  readonly outcome: 'complete' | 'aborted';
  /** The window, ISO times. */
  readonly after: string;
  readonly before: string;
  /** Pages of this window committed by an earlier call that this one resumed after. */
  readonly resumedAtPage: number;
  /** Pages committed by this call. */
  readonly pages: number;
  /** Orders on those pages, and of them: new, newer than stored, or already stored as they are. */
  readonly orders: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Open orders re-checked with getOrder, and how many of those had changed. */
  readonly rechecked: number;
  readonly recheckUpdated: number;
  /** Windows restarted because Amazon called a pagination token expired. */
  readonly tokenRestarts: number;
  /** Time spent waiting for rate-limit tokens, and retries the client made. */
  readonly rateLimitWaitMs: number;
  readonly retries: number;
  /** 429 answers the client met (each one retried). */
  readonly throttled: number;
  /** The watermark after this call (ISO), or null if the account has never completed a window. */
  readonly watermark: string | null;
  readonly durationMs: number;
  /** Time spent committing pages to the store (the store's share of the duration). */
  readonly storeMs: number;
}
