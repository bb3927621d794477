import { describe, expect, it } from 'vitest';
import { checkAccount } from '../../src/accounts/doctor/check-account.js';
import type { CheckResult } from '../../src/accounts/doctor/check-result.js';
import type { AccountSecrets, AccountSettings } from '../../src/accounts/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { ROLES } from '../../src/emulator/roles.js';
import { realClock } from '../../src/time/clock.js';
import { control, emulatorAccount } from './support/emulator-account.js';

// Issue 11, point 6: doctor's write-back checks (Listings, Feeds and FBA inventory roles, the seller id),
// each with cause and fix, against the emulator with roles taken away and a wrong seller id.

async function withEmulator(fn: (emulator: RunningEmulator) => Promise<void>) {
  const emulator = await startEmulator({ orders: 60, rateLimits: false });
  try {
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}

const WRITEBACK = ['listings.role', 'feeds.role', 'inventory.role', 'seller.id'] as const;

async function doctor(account: { settings: AccountSettings; secrets: AccountSecrets }) {
  const { results } = await checkAccount(account.settings, account.secrets, {
    clock: realClock,
    only: ['region', 'marketplaces', 'orders.role', ...WRITEBACK],
  });
  for (const r of results.filter((c) => c.status === 'fail' || c.status === 'warn')) {
    expect(r.cause, r.id).not.toBe('');
    expect(r.fix, r.id).not.toBe('');
  }
  return Object.fromEntries(results.map((r) => [r.id, r])) as Record<string, CheckResult>;
}

describe('doctor: write-back checks', () => {
  it('pass with every role and the right seller id', async () => {
    await withEmulator(async (emulator) => {
      const checks = await doctor(emulatorAccount(emulator));
      for (const id of WRITEBACK) expect(checks[id]?.status, `${id}: ${checks[id]?.cause}`).toBe('pass');
      expect(checks['seller.id']?.cause).toContain(emulator.credentials.sellers[0]!.sellerId);
    });
  });

  it('a missing Product Listing role fails listings.role with the role to add and re-authorization', async () => {
    await withEmulator(async (emulator) => {
      await control(emulator, 'PUT', '/app/roles', { roles: ROLES.filter((r) => r !== 'productListing') });
      const checks = await doctor(emulatorAccount(emulator));
      expect(checks['listings.role']?.status).toBe('fail');
      expect(checks['listings.role']?.cause).toMatch(
        /SP-API refused searchListingsItems \(403 Unauthorized\): the app lacks the Product Listing role/,
      );
      expect(checks['listings.role']?.fix).toMatch(
        /Add the role "Product Listing" at Seller Central > Partner Network > Develop Apps > your app > Edit App > Roles, then authorize the app again/,
      );
      // Other roles still take the Feeds API; inventory has its own role.
      expect(checks['feeds.role']?.status).toBe('pass');
      expect(checks['inventory.role']?.status).toBe('pass');
      expect(checks['seller.id']?.status).toBe('skip');
    });
  });

  it('no Feeds role fails feeds.role; no Amazon Fulfillment role warns inventory.role (FBA is optional)', async () => {
    await withEmulator(async (emulator) => {
      const feedRoles = [
        'amazonFulfillment',
        'directToConsumerShipping',
        'inventoryAndOrderTracking',
        'pricing',
        'productListing',
        'taxInvoicing',
      ];
      await control(emulator, 'PUT', '/app/roles', { roles: ROLES.filter((r) => !feedRoles.includes(r)) });
      const checks = await doctor(emulatorAccount(emulator));
      expect(checks['feeds.role']?.status).toBe('fail');
      expect(checks['feeds.role']?.cause).toMatch(/SP-API refused getFeeds \(403 Unauthorized\)/);
      expect(checks['inventory.role']?.status).toBe('warn');
      expect(checks['inventory.role']?.cause).toMatch(
        /lacks the Amazon Fulfillment role.*a seller without FBA may ignore this/,
      );
      expect(checks['inventory.role']?.fix).toMatch(/Add the role "Amazon Fulfillment"/);
    });
  });

  it('a seller id Amazon does not accept fails seller.id, saying where the Merchant Token is', async () => {
    await withEmulator(async (emulator) => {
      const checks = await doctor(emulatorAccount(emulator, 0, { sellerId: 'A1WRONGSELLER0' }));
      expect(checks['seller.id']?.status).toBe('fail');
      expect(checks['seller.id']?.cause).toMatch(
        /Amazon refused the stored seller id A1WRONGSELLER0 \(400 InvalidInput: Invalid 'sellerId' and 'marketplaceId' combination provided\.\)/,
      );
      expect(checks['seller.id']?.fix).toMatch(
        /Seller Central > Settings > Account Info > Business Information > Merchant Token, then connect the account again: csm connect --replace --name seller-0 --seller-id TOKEN/,
      );
      expect(checks['listings.role']?.status).toBe('skip');
      expect(checks['listings.role']?.cause).toMatch(/see seller\.id/);
    });
  });

  it('no stored seller id warns seller.id and skips listings.role', async () => {
    await withEmulator(async (emulator) => {
      const checks = await doctor(emulatorAccount(emulator, 0, { sellerId: undefined }));
      expect(checks['seller.id']?.status).toBe('warn');
      expect(checks['seller.id']?.cause).toMatch(/no seller id \(Merchant Token\) is stored/);
      expect(checks['listings.role']?.status).toBe('skip');
    });
  });
});
