import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAccount } from '../../src/accounts/doctor/check-account.js';
import type { CheckResult } from '../../src/accounts/doctor/check-result.js';
import type { AccountSecrets, AccountSettings } from '../../src/accounts/index.js';
import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { ROLES } from '../../src/emulator/roles.js';
import { type Clock, realClock } from '../../src/time/clock.js';
import { control, emulatorAccount, emulatorCredentials } from './support/emulator-account.js';

/** Each test gets its own emulator: most of them break something on purpose. */
async function withEmulator(
  options: Partial<EmulatorOptions>,
  fn: (emulator: RunningEmulator) => Promise<void>,
) {
  const emulator = await startEmulator({ orders: 120, rateLimits: false, ...options });
  try {
    await fn(emulator);
  } finally {
    await emulator.close();
  }
}

async function doctor(
  account: { settings: AccountSettings; secrets: AccountSecrets },
  clock: Clock = realClock,
): Promise<Record<string, CheckResult>> {
  const { results } = await checkAccount(account.settings, account.secrets, { clock });
  // Every fail and warn names a cause and a fix, whatever the check.
  for (const r of results.filter((c) => c.status === 'fail' || c.status === 'warn')) {
    expect(r.cause, r.id).not.toBe('');
    expect(r.fix, r.id).not.toBe('');
  }
  return Object.fromEntries(results.map((r) => [r.id, r]));
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
const otherSecret = () => `amzn1.oa2-cs.v1.${randomBytes(32).toString('hex')}`;

describe('doctor checks against the emulator', () => {
  it('passes a healthy account: credentials, region, marketplaces, roles, PII, secret age, clock, production', async () => {
    await withEmulator({}, async (emulator) => {
      const checks = await doctor(emulatorAccount(emulator));
      const statuses = Object.fromEntries(Object.values(checks).map((c) => [c.id, c.status]));
      expect(statuses).toEqual({
        'lwa.client': 'pass',
        'lwa.refresh-token': 'pass',
        region: 'pass',
        marketplaces: 'pass',
        'orders.role': 'pass',
        'pii.included-data': 'pass',
        'pii.rdt': 'pass',
        'listings.role': 'pass',
        'feeds.role': 'pass',
        'inventory.role': 'pass',
        'seller.id': 'pass',
        'secret.age': 'pass',
        'clock.skew': 'pass',
        sandbox: 'pass',
        'aws.format': 'skip',
        'aws.identity': 'skip',
        'aws.assume-role': 'skip',
      });
      expect(checks.marketplaces?.cause).toContain('Amazon.com (ATVPDKIKX0DER)');
      expect(checks['aws.identity']?.cause).toContain(
        'optional: SP-API has ignored AWS signatures since 2023-10-02',
      );
    });
  });

  it('wrong client secret: lwa.client fails with the likely causes and where to copy it again', async () => {
    await withEmulator({}, async (emulator) => {
      const account = emulatorAccount(emulator);
      const checks = await doctor({
        ...account,
        secrets: { ...account.secrets, clientSecret: otherSecret() },
      });
      expect(checks['lwa.client']).toMatchObject({ status: 'fail' });
      expect(checks['lwa.client']?.cause).toMatch(
        /LWA refused the client id and secret \(invalid_client\): the secret .* is mistyped or cut short, belongs to another app/,
      );
      expect(checks['lwa.client']?.fix).toMatch(
        /Seller Central > Partner Network > Develop Apps > your app > LWA credentials > View; store it with csm accounts set-secret seller-0 client-secret/,
      );
      expect(checks['lwa.refresh-token']?.status).toBe('skip');
      expect(checks.region?.status).toBe('skip');
    });
  });

  it('expired client secret: lwa.client and secret.age say it expired after 180 days, and how to rotate it', async () => {
    await withEmulator({}, async (emulator) => {
      await control(emulator, 'POST', '/app/age-secret', { days: 200 });
      const checks = await doctor(emulatorAccount(emulator, 0, { secretCreated: daysAgo(200) }));
      expect(checks['lwa.client']?.status).toBe('fail');
      expect(checks['lwa.client']?.cause).toMatch(
        /it has expired; it was created on \d{4}-\d\d-\d\d, 200 days ago, and Amazon's client secrets last 180 days/,
      );
      expect(checks['lwa.client']?.fix).toMatch(
        /\(Rotate secret\).*csm accounts set-secret seller-0 client-secret --secret-created/,
      );
      expect(checks['secret.age']).toMatchObject({ status: 'fail' });
      expect(checks['secret.age']?.cause).toMatch(
        /200 days ago: Amazon's client secrets expire after 180 days/,
      );
    });
  });

  it('a secret 160 days old is a warning 20 days ahead; an unknown age is a warning too', async () => {
    await withEmulator({}, async (emulator) => {
      const old = await doctor(emulatorAccount(emulator, 0, { secretCreated: daysAgo(160) }));
      expect(old['secret.age']).toMatchObject({ status: 'warn' });
      expect(old['secret.age']?.cause).toMatch(/expires in 20 days/);
      const unknown = await doctor(emulatorAccount(emulator, 0, { secretCreated: undefined }));
      expect(unknown['secret.age']).toMatchObject({ status: 'warn' });
      expect(unknown['secret.age']?.fix).toMatch(/--secret-created YYYY-MM-DD/);
    });
  });

  it('revoked refresh token: lwa.refresh-token fails with invalid_grant and says to authorize again', async () => {
    await withEmulator({}, async (emulator) => {
      const account = emulatorAccount(emulator);
      await control(emulator, 'POST', `/sellers/${account.settings.sellerId}/revoke`);
      const checks = await doctor(account);
      expect(checks['lwa.client']?.status).toBe('pass');
      expect(checks['lwa.refresh-token']?.status).toBe('fail');
      expect(checks['lwa.refresh-token']?.cause).toMatch(
        /invalid_grant\): the seller removed the authorization or authorized the app again/,
      );
      expect(checks['lwa.refresh-token']?.fix).toMatch(
        /Authorize app .*csm connect --oauth.*csm accounts set-secret seller-0 refresh-token/,
      );
    });
  });

  it("another app's refresh token: lwa.refresh-token tells unauthorized_client apart", async () => {
    await withEmulator({}, async (emulator) => {
      const account = emulatorAccount(emulator);
      const foreign = (await control(
        emulator,
        'POST',
        `/sellers/${account.settings.sellerId}/refresh-token`,
        {
          clientId: `amzn1.application-oa2-client.${randomBytes(16).toString('hex')}`,
        },
      )) as { refreshToken: string };
      const checks = await doctor({
        ...account,
        secrets: { ...account.secrets, refreshToken: foreign.refreshToken },
      });
      expect(checks['lwa.refresh-token']?.status).toBe('fail');
      expect(checks['lwa.refresh-token']?.cause).toMatch(/belongs to another app \(unauthorized_client\)/);
      expect(checks['lwa.refresh-token']?.fix).toMatch(/Authorize this app/);
    });
  });

  it('missing PII roles: both PII checks warn, name the restricted roles and say FBA orders do not need them', async () => {
    await withEmulator({}, async (emulator) => {
      const roles = ROLES.filter((r) => r !== 'directToConsumerShipping' && r !== 'taxInvoicing');
      await control(emulator, 'PUT', '/app/roles', { roles });
      const checks = await doctor(emulatorAccount(emulator));
      expect(checks['orders.role']?.status).toBe('pass');
      expect(checks['pii.rdt']?.status).toBe('warn');
      expect(checks['pii.rdt']?.cause).toMatch(
        /refuses Restricted Data Tokens for shipping addresses and buyer information \(ROLE_MISSING\): the app lacks the restricted roles "Direct-to-Consumer Shipping" and "Tax Invoicing".*FBA orders do not need it/,
      );
      expect(checks['pii.rdt']?.fix).toMatch(
        /request the restricted roles .* at Seller Central > .*Edit App > Roles/,
      );
      expect(checks['pii.included-data']?.status).toBe('warn');
      expect(checks['pii.included-data']?.cause).toMatch(
        /without name or street .*"Direct-to-Consumer Shipping"/,
      );
    });
  });

  it('missing Orders role: orders.role fails naming Inventory and Order Tracking', async () => {
    await withEmulator({}, async (emulator) => {
      await control(emulator, 'PUT', '/app/roles', {
        roles: ROLES.filter((r) => r !== 'inventoryAndOrderTracking'),
      });
      const checks = await doctor(emulatorAccount(emulator));
      expect(checks['orders.role']?.status).toBe('fail');
      expect(checks['orders.role']?.cause).toMatch(/lacks the Inventory and Order Tracking role/);
      expect(checks['orders.role']?.fix).toMatch(/Add the role "Inventory and Order Tracking"/);
    });
  });

  it("wrong region: the seller's real region is found on the regional endpoints and named", async () => {
    await withEmulator({ regionalEndpoints: true, sellers: 2 }, async (emulator) => {
      const { endpoints } = await emulatorCredentials(emulator);
      // Seller 2 authorized the app in Europe; the account says North America.
      const account = emulatorAccount(emulator, 1, {
        region: 'na',
        endpoint: undefined,
        regionEndpoints: endpoints!,
      });
      const checks = await doctor(account);
      expect(checks['lwa.client']?.status).toBe('pass');
      expect(checks.region?.status).toBe('fail');
      expect(checks.region?.cause).toMatch(
        /authorized this app in Europe \(eu\), not in North America \(na\)/,
      );
      expect(checks.region?.fix).toMatch(
        /Use region eu: connect the account again: csm connect --replace --name seller-1 --region eu/,
      );
      expect(checks.marketplaces?.status).toBe('skip');
    });
  });

  it('production account against a static sandbox: sandbox fails; a sandbox account against production fails too', async () => {
    await withEmulator({ mode: 'static' }, async (emulator) => {
      const checks = await doctor(emulatorAccount(emulator));
      expect(checks.sandbox?.status).toBe('fail');
      expect(checks.sandbox?.cause).toMatch(
        /answers as Amazon's static sandbox .* but the account is set to production/,
      );
      expect(checks.sandbox?.fix).toMatch(/without --sandbox/);
      expect(checks['orders.role']?.status).toBe('skip');
      const sandboxed = await doctor(emulatorAccount(emulator, 0, { sandbox: true }));
      expect(sandboxed.sandbox?.status).toBe('pass');
    });
    await withEmulator({}, async (emulator) => {
      const checks = await doctor(emulatorAccount(emulator, 0, { sandbox: true }));
      expect(checks.sandbox?.status).toBe('fail');
      expect(checks.sandbox?.cause).toMatch(
        /set to the sandbox, but its host answered the sandbox's own example as production does/,
      );
    });
  });

  it("a clock ten minutes fast: clock.skew warns with the difference to Amazon's Date header", async () => {
    await withEmulator({}, async (emulator) => {
      const fast: Clock = { ...realClock, now: () => Date.now() + 600_000 };
      const checks = await doctor(emulatorAccount(emulator), fast);
      expect(checks['clock.skew']?.status).toBe('warn');
      expect(checks['clock.skew']?.cause).toMatch(/this machine's clock is (59\d|60\d) s ahead of Amazon's/);
      expect(checks['clock.skew']?.fix).toMatch(/NTP/);
    });
  });

  describe('legacy AWS (STS)', () => {
    async function awsAccount(emulator: RunningEmulator, secretAccessKey?: string) {
      const { aws } = await emulatorCredentials(emulator);
      const account = emulatorAccount(emulator, 0, {
        aws: { accessKeyId: aws!.accessKeyId!, roleArn: aws!.roleArn! },
      });
      return {
        ...account,
        secrets: { ...account.secrets, awsSecretAccessKey: secretAccessKey ?? aws!.secretAccessKey! },
      };
    }

    it('keys and role as the guide set them up pass, and say they are optional', async () => {
      await withEmulator({}, async (emulator) => {
        const checks = await doctor(await awsAccount(emulator));
        expect(checks['aws.format']?.status).toBe('pass');
        expect(checks['aws.identity']?.status).toBe('pass');
        expect(checks['aws.identity']?.cause).toMatch(
          /belongs to arn:aws:iam::\d{12}:user\/SellingPartnerAPIUser/,
        );
        expect(checks['aws.assume-role']?.status).toBe('pass');
        expect(checks['aws.assume-role']?.cause).toMatch(/optional/);
      });
    });

    it('a wrong secret access key: aws.identity names SignatureDoesNotMatch and step 2', async () => {
      await withEmulator({}, async (emulator) => {
        const checks = await doctor(await awsAccount(emulator, randomBytes(30).toString('base64')));
        expect(checks['aws.identity']?.status).toBe('warn');
        expect(checks['aws.identity']?.cause).toMatch(
          /refused the secret access key \(SignatureDoesNotMatch\)/,
        );
        expect(checks['aws.identity']?.fix).toMatch(
          /Redo the guide's step 2 \("Create an IAM user with an access key"\)/,
        );
        expect(checks['aws.assume-role']?.status).toBe('skip');
        expect(checks['lwa.client']?.status).toBe('pass');
      });
    });

    it("a role that does not trust the user's account: aws.assume-role names the trust policy and step 4", async () => {
      await withEmulator({}, async (emulator) => {
        const model = (await control(emulator, 'GET', '/iam')) as {
          roles: { trustPolicy: { Statement: { Principal?: unknown }[] } }[];
        };
        for (const statement of model.roles[0]!.trustPolicy.Statement) {
          statement.Principal = { AWS: 'arn:aws:iam::111122223333:root' };
        }
        await control(emulator, 'PUT', '/iam', model);
        const checks = await doctor(await awsAccount(emulator));
        expect(checks['aws.identity']?.status).toBe('pass');
        expect(checks['aws.assume-role']?.status).toBe('warn');
        expect(checks['aws.assume-role']?.cause).toMatch(
          /no resource-based policy allows it\): the role's trust policy does not trust AWS account \d{12}/,
        );
        expect(checks['aws.assume-role']?.fix).toMatch(
          /Redo the guide's step 4 .*Trust relationships.*csm iam-policy --account-id \d{12}/,
        );
      });
    });

    it("a user without the inline AssumeRole policy: aws.assume-role names the user's policy and step 5", async () => {
      await withEmulator({}, async (emulator) => {
        await control(emulator, 'POST', '/iam/remove-inline-policy', {});
        const checks = await doctor(await awsAccount(emulator));
        expect(checks['aws.assume-role']?.status).toBe('warn');
        expect(checks['aws.assume-role']?.cause).toMatch(
          /no identity-based policy allows it\): the IAM user .* has no policy allowing sts:AssumeRole/,
        );
        expect(checks['aws.assume-role']?.fix).toMatch(
          /Redo the guide's step 5 .*Create inline policy.*--role-name SellingPartnerAPIRole/,
        );
      });
    });
  });
});
