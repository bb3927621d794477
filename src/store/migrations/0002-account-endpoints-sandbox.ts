import type { Migration } from './migration.js';

/**
 * What `csm connect` records beyond 0001: the app id (for a later OAuth re-authorization), the sandbox
 * flag, and one base URL per region (`CSM_REGION_ENDPOINTS`) beside the single `endpoint` of 0001.
 */
export const accountEndpointsAndSandbox: Migration = {
  id: '0002_account_endpoints_and_sandbox',
  statements: [
    'alter table accounts add column application_id text',
    'alter table accounts add column sandbox boolean not null default false',
    // {"na": URL, "eu": URL, "fe": URL}: all three or none, checked by src/accounts before it is written.
    'alter table accounts add column region_endpoints jsonb',
    `alter table accounts add constraint accounts_one_kind_of_endpoint
      check (endpoint is null or region_endpoints is null)`,
  ],
};
