import type { Migration } from './migration.js';

/**
 * The scheduler's state per account (cadence, idle and failure backoff, the job queued or running for it)
 * and the SP-API token buckets shared by every process of the store. pg-boss keeps its own tables
 * in the `pgboss` schema and creates them itself when it starts.
 */
export const jobs: Migration = {
  id: '0004_jobs',
  statements: [
    `create table sync_schedules (
      account_id uuid primary key references accounts (id) on delete cascade,
      interval_seconds integer not null default 300 check (interval_seconds between 1 and 86400),
      max_idle_seconds integer not null default 1800 check (max_idle_seconds between 1 and 86400),
      delay_seconds integer not null default 300 check (delay_seconds >= 1),
      next_run_at timestamptz not null,
      requested_at timestamptz,
      idle_runs integer not null default 0,
      failures integer not null default 0,
      pending_since timestamptz,
      run_owner text,
      heartbeat_at timestamptz,
      last_due_at timestamptz,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_outcome text check (last_outcome in ('changed', 'idle', 'failed', 'aborted', 'busy')),
      last_error text,
      last_orders integer
    )`,
    'create index sync_schedules_next_run on sync_schedules (next_run_at)',
    `create table rate_limit_buckets (
      key text primary key,
      state jsonb,
      pending_rate double precision,
      updated_at timestamptz not null default now()
    )`,
  ],
};
