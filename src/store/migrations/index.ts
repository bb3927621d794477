import { accountsAndVault } from './0001-accounts-and-vault.js';
import { accountEndpointsAndSandbox } from './0002-account-endpoints-sandbox.js';
import { orders } from './0003-orders.js';
import { jobs } from './0004-jobs.js';
import { shipments } from './0005-shipments.js';
import { users } from './0007-users.js';
import { webhooks } from './0008-webhooks.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';

/** Every migration, oldest first. Append only: a released migration is never edited or removed. */
export const MIGRATIONS: readonly Migration[] = [
  accountsAndVault,
  accountEndpointsAndSandbox,
  orders,
  jobs,
  shipments,
  users,
  webhooks,
];
