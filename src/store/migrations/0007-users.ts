import type { Migration } from './migration.js';

/**
 * Who may use the dashboard and the REST API (src/http/auth): users with scrypt password hashes, their
 * sessions, API tokens for machines (SHA-256 hashes only), account limits, the audit log of PII reveals and
 * sign-ins, login throttling state, and the one-time setup link of a store without users.
 */
export const users: Migration = {
  id: '0007_users',
  statements: [
    `create table users (
      id uuid primary key default gen_random_uuid(),
      name text not null unique check (length(name) between 1 and 64),
      password_hash text not null,
      admin boolean not null default false,
      pii boolean not null default false,
      created_at timestamptz not null default now(),
      password_changed_at timestamptz not null default now()
    )`,
    `create table user_accounts (
      user_id uuid not null references users (id) on delete cascade,
      account_id uuid not null references accounts (id) on delete cascade,
      primary key (user_id, account_id)
    )`,
    `create table sessions (
      id text primary key,
      user_id uuid not null references users (id) on delete cascade,
      csrf_token text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`,
    'create index sessions_user on sessions (user_id)',
    `create table api_tokens (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 64),
      token_hash text not null unique,
      scope text not null check (scope in ('read', 'write')),
      pii boolean not null default false,
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )`,
    'create unique index api_tokens_live_name on api_tokens (name) where revoked_at is null',
    `create table token_accounts (
      token_id uuid not null references api_tokens (id) on delete cascade,
      account_id uuid not null references accounts (id) on delete cascade,
      primary key (token_id, account_id)
    )`,
    `create table audit_log (
      id bigserial primary key,
      at timestamptz not null default now(),
      actor_kind text not null check (actor_kind in ('user', 'token', 'cli', 'anonymous')),
      actor text not null,
      action text not null,
      account_id uuid,
      order_id text,
      detail jsonb
    )`,
    'create index audit_log_at on audit_log (at desc)',
    `create table login_attempts (
      key text primary key,
      failures integer not null default 0,
      last_failure_at timestamptz not null,
      blocked_until timestamptz
    )`,
    // The REST API's keyset pagination, newest update first: (last update, account, order id) descending
    // together, which orders_updated (account and order id ascending) cannot serve.
    'create index orders_keyset on orders (last_updated_time desc, account_id desc, order_id desc)',
    `create table setup_tokens (
      token_hash text primary key,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`,
  ],
};
