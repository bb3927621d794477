import type { Migration } from './migration.js';

/**
 * Shipments sent back to Amazon (docs/writeback.md): a shipment is what one `csm ship` (or one order of a
 * CSV, or one REST call) asked for, its packages what Amazon confirms one by one. The packages table is
 * the outbox: a row is written before anything is sent, claimed with a lease while it is sent, and holds
 * Amazon's outcome afterwards. `idempotency_key` (account, order, tracking number, items) makes the same
 * request, repeated, find the stored package instead of confirming again.
 */
export const shipments: Migration = {
  id: '0005_shipments',
  statements: [
    `create table shipments (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts (id) on delete cascade,
      order_id text not null,
      marketplace_id text not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'confirmed', 'failed')),
      failure_reason text,
      source text not null check (source in ('cli', 'file', 'api')),
      created_at timestamptz not null,
      updated_at timestamptz not null
    )`,
    'create index shipments_order on shipments (order_id, account_id)',
    'create index shipments_updated on shipments (updated_at desc)',
    `create table shipment_packages (
      id uuid primary key default gen_random_uuid(),
      shipment_id uuid not null references shipments (id) on delete cascade,
      account_id uuid not null references accounts (id) on delete cascade,
      order_id text not null,
      package_reference_id text not null,
      idempotency_key text not null unique,
      carrier_code text not null,
      carrier_name text,
      tracking_number text not null,
      ship_date timestamptz not null,
      shipping_method text,
      items jsonb not null,
      status text not null default 'pending' check (status in ('pending', 'sending', 'confirmed', 'failed')),
      via text not null default 'confirmShipment' check (via in ('confirmShipment', 'feed')),
      failure_code text,
      failure_reason text,
      attempts integer not null default 0,
      outcome_unknown boolean not null default false,
      next_attempt_at timestamptz not null,
      lease_owner text,
      lease_until timestamptz,
      feed_id text,
      feed_message_id integer,
      request_id text,
      confirmed_at timestamptz,
      reconciled boolean not null default false,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (account_id, order_id, package_reference_id)
    )`,
    'create index shipment_packages_shipment on shipment_packages (shipment_id)',
    `create index shipment_packages_due on shipment_packages (next_attempt_at)
      where status in ('pending', 'sending')`,
  ],
};
