import type { Migration } from './migration.js';

/**
 * Webhooks (docs/webhooks.md): the events outbox, written in the transaction of the change that causes
 * each event; the ERP's subscriptions, their secrets sealed by the vault; one delivery per event and
 * matching subscription, and every attempt at it; the health each account was last seen in, so
 * `account.unhealthy` fires on the transition only.
 */
export const webhooks: Migration = {
  id: '0008_webhooks',
  statements: [
    // No foreign key to accounts: the sync writes an event per changed order in its page's statement, and a
    // key lookup per row would slow every page; an event outlives its account (the name is then unknown).
    `create table events (
      id uuid primary key default gen_random_uuid(),
      seq bigint generated always as identity,
      type text not null,
      account_id uuid,
      subject text,
      data jsonb not null default '{}',
      created_at timestamptz not null default now(),
      fanned_out_at timestamptz
    )`,
    'create index events_fan_out on events (seq) where fanned_out_at is null',
    'create index events_created on events (created_at)',
    `create table webhook_subscriptions (
      id uuid primary key default gen_random_uuid(),
      url text not null,
      events text[] not null,
      account_id uuid references accounts (id) on delete cascade,
      key_id text not null,
      nonce bytea not null check (length(nonce) = 12),
      ciphertext bytea not null,
      tag bytea not null check (length(tag) = 16),
      created_at timestamptz not null default now()
    )`,
    `create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      event_id uuid not null references events (id) on delete cascade,
      subscription_id uuid not null references webhook_subscriptions (id) on delete cascade,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      job_id uuid,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null,
      unique (event_id, subscription_id)
    )`,
    `create index webhook_deliveries_pending on webhook_deliveries (next_attempt_at) where status = 'pending'`,
    'create index webhook_deliveries_subscription on webhook_deliveries (subscription_id, created_at desc)',
    `create table webhook_attempts (
      delivery_id uuid not null references webhook_deliveries (id) on delete cascade,
      attempt integer not null,
      started_at timestamptz not null,
      duration_ms integer not null,
      status_code integer,
      outcome text not null check (outcome in ('delivered', 'failed')),
      error text,
      primary key (delivery_id, attempt)
    )`,
    `create table account_health (
      account_id uuid primary key references accounts (id) on delete cascade,
      reasons jsonb not null,
      checked_at timestamptz not null,
      changed_at timestamptz not null
    )`,
  ],
};
