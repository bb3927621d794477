import type { Migration } from './migration.js';

/**
 * The scheduler's state per account (cadence, backoff, the lease that lets one process at a time sync an
 * account) and the SP-API token buckets shared by every process of the store. pg-boss keeps its own tables
 * in the `pgboss` schema and creates them itself when it starts.
 */
export const jobs: Migration = {
  id: '0004_jobs',
  statements: [
    `create table sync_schedules (
      account_id uuid primary key references accounts (id) on delete cascade,
      interval_seconds integer not null default 300 check (interval_seconds between 1 and 86400),
      delay_seconds integer not null default 300 check (delay_seconds >= 1),
      next_run_at timestamptz not null,
      requested_at timestamptz,
      idle_runs integer not null default 0,
      failures integer not null default 0,
      lease_owner text,
      lease_expires_at timestamptz,
      last_due_at timestamptz,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_outcome text check (last_outcome in ('changed', 'idle', 'failed', 'abandoned')),
      last_error text,
      last_orders integer
    )`,
    'create index sync_schedules_next_run on sync_schedules (next_run_at)',
    `create table rate_limit_buckets (
      key text primary key,
      tokens double precision not null,
      rate double precision not null check (rate > 0),
      burst double precision,
      issued bigint not null default 0,
      updated_ms double precision not null
    )`,
  ],
};
