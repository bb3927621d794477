import type { Migration } from './migration.js';

/** Accounts and the vault's tables. */
export const accountsAndVault: Migration = {
  id: '0001_accounts_and_vault',
  statements: [
    `create table accounts (
      id uuid primary key default gen_random_uuid(),
      name text not null unique,
      kind text not null check (kind in ('seller', 'vendor')),
      region text not null check (region in ('na', 'eu', 'fe')),
      client_id text not null,
      seller_id text,
      endpoint text,
      marketplaces jsonb not null default '[]'::jsonb,
      secret_created date,
      aws_access_key_id text,
      role_arn text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    `create table vault_keys (
      key_id text primary key,
      check_value bytea not null,
      created_at timestamptz not null default now(),
      retired_at timestamptz
    )`,
    // At most one current key: the vault adds a key only by retiring the previous one in the same transaction.
    'create unique index vault_keys_one_current on vault_keys ((true)) where retired_at is null',
    `create table account_secrets (
      account_id uuid not null references accounts (id) on delete cascade,
      field text not null check (field ~ '^[a-z][a-z0-9_]*$'),
      key_id text not null references vault_keys (key_id),
      nonce bytea not null check (length(nonce) = 12),
      ciphertext bytea not null,
      tag bytea not null check (length(tag) = 16),
      updated_at timestamptz not null default now(),
      primary key (account_id, field)
    )`,
  ],
};
