import type { Migration } from './migration.js';

/**
 * Orders, their items, buyer and recipient data (encrypted, apart) and each account's sync state
 * (docs/sync.md). Amazon's enums (statuses, channels) are plain text: Amazon adds values, and an unknown
 * one must not fail a sync.
 */
// `raw` is `json`, not `jsonb`: kept as Amazon's text (key order too) and a quarter cheaper to write on
// PGlite; csm reads it whole and never queries inside it.
export const orders: Migration = {
  id: '0003_orders',
  statements: [
    `create table orders (
      account_id uuid not null references accounts (id) on delete cascade,
      order_id text not null,
      api text not null check (api in ('2026-01-01', 'v0')),
      marketplace_id text,
      status text,
      fulfilled_by text,
      service_level text,
      seller_order_id text,
      created_time timestamptz not null,
      last_updated_time timestamptz not null,
      ship_by timestamptz,
      deliver_by timestamptz,
      order_total numeric,
      currency text,
      is_prime boolean not null default false,
      is_business boolean not null default false,
      item_lines integer not null,
      units integer not null,
      ship_country text,
      raw json not null,
      content_hash text not null,
      version integer not null default 1,
      holding text not null default 'new' check (holding in ('new', 'exported', 'error', 'complete')),
      holding_note text,
      holding_changed_at timestamptz,
      retention_from timestamptz,
      pii_deleted_at timestamptz,
      first_seen_at timestamptz not null,
      synced_at timestamptz not null,
      checked_at timestamptz not null,
      -- Order id first: csm orders show and ack look orders up by Amazon's id alone.
      primary key (order_id, account_id)
    ) with (fillfactor = 85)`,
    // csm orders list and export: newest first, by account, status or holding status, and keyset pages.
    'create index orders_updated on orders (last_updated_time desc, account_id, order_id)',
    'create index orders_account_updated on orders (account_id, last_updated_time desc)',
    'create index orders_status_updated on orders (status, last_updated_time desc)',
    'create index orders_holding_updated on orders (holding, last_updated_time desc)',
    // The re-check of open orders that stopped changing. checked_at is left out of every index, and pages
    // keep room (fillfactor), so marking an order checked is a HOT update that touches no index.
    `create index orders_open on orders (account_id)
      where status in ('PENDING', 'PENDING_AVAILABILITY', 'UNSHIPPED', 'PARTIALLY_SHIPPED')`,
    // (The daily PII deletion reads retention_from with a sequential scan: one more index on every write
    // would cost more than it saves.)
    `create table order_items (
      account_id uuid not null,
      order_id text not null,
      order_item_id text not null,
      position integer not null,
      asin text,
      seller_sku text,
      title text,
      quantity_ordered integer not null,
      quantity_shipped integer,
      unit_price numeric,
      currency text,
      raw json not null,
      primary key (account_id, order_id, order_item_id),
      -- Items and buyer data hang off the account rather than the order: a foreign key to orders costs a
      -- lookup per row on every page (a third of the ingest time on PGlite), and only saveOrders writes
      -- them, for orders it writes in the same statement. Orders are only ever deleted with their account.
      foreign key (account_id) references accounts (id) on delete cascade
    )`,
    `create table order_pii (
      account_id uuid not null,
      order_id text not null,
      nonce bytea not null check (length(nonce) = 12),
      ciphertext bytea not null,
      tag bytea not null check (length(tag) = 16),
      updated_at timestamptz not null,
      primary key (account_id, order_id),
      foreign key (account_id) references accounts (id) on delete cascade
    )`,
    `create table order_sync_state (
      account_id uuid primary key references accounts (id) on delete cascade,
      api text not null default '2026-01-01' check (api in ('2026-01-01', 'v0')),
      pii_allowed boolean not null default true,
      watermark timestamptz,
      window_after timestamptz,
      window_before timestamptz,
      window_api text,
      page_token text,
      pages_done integer not null default 0,
      lease_owner text,
      lease_pid integer,
      lease_host text,
      lease_until timestamptz,
      last_started_at timestamptz,
      last_completed_at timestamptz,
      last_error text,
      last_error_at timestamptz,
      updated_at timestamptz not null default now()
    )`,
  ],
};
