import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeAccountSource } from '../../src/cli/config/account-source.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { csm } from '../cli/support/memory-context.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';
import { control, emulatorCredentials } from './support/emulator-account.js';

const KEY = Buffer.alloc(32, 3).toString('base64');

describe('csm connect, accounts, doctor and api --account through the CLI', () => {
  let store: TestStore;
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  const run = (args: string[], extra: Record<string, string> = {}) => {
    const all = { ...env, ...extra };
    return csm(args, { env: all, accounts: storeAccountSource(all, () => {}) });
  };
  const secretsOf = () => [
    emulator.credentials.clientSecret,
    ...emulator.credentials.sellers.map((s) => s.refreshToken),
  ];
  const connectArgs = (name: string, seller = 0, ...more: string[]) => [
    'connect',
    '--non-interactive',
    '--name',
    name,
    '--client-id',
    emulator.credentials.clientId,
    '--seller-id',
    emulator.credentials.sellers[seller]!.sellerId,
    '--secret-created',
    new Date().toISOString().slice(0, 10),
    ...more,
  ];
  const secretEnv = (seller = 0) => ({
    CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret,
    CSM_REFRESH_TOKEN: emulator.credentials.sellers[seller]!.refreshToken,
  });

  beforeAll(async () => {
    store = await freshPgliteStore();
    emulator = await startEmulator({ orders: 40, rateLimits: false, sellers: 3, regionalEndpoints: true });
    env = { CSM_DATA_DIR: store.dataDir, CSM_MASTER_KEY: KEY };
  });
  afterAll(async () => {
    await emulator?.close();
    await store?.dispose();
  });

  it('connects with flags and CSM_* variables, prints what it found; list and show never print a secret', async () => {
    const connected = await run(connectArgs('emu-na', 0, '--endpoint', emulator.url), secretEnv());
    expect(connected.stderr).toContain('csm connect: checking emu-na with Amazon');
    expect(connected.code).toBe(0);
    expect(connected.stdout).toMatch(
      new RegExp(
        `^connected emu-na: seller, region na, seller id ${emulator.credentials.sellers[0]!.sellerId}, 3 marketplaces\n  ATVPDKIKX0DER   US  Amazon.com\n`,
      ),
    );
    expect(connected.stdout).toContain('  pass  lwa.refresh-token');

    const list = await run(['accounts', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /^NAME\s+KIND\s+REGION\s+SELLER ID\s+MARKETPLACES\s+ENDPOINT\s+SECRET CREATED\s+AWS\n/,
    );
    expect(list.stdout).toMatch(/emu-na\s+seller\s+na\s+A\w+\s+US,CA,MX\s+http:\/\/127\.0\.0\.1:\d+/);
    const show = await run(['accounts', 'show', 'emu-na', '--json']);
    const shown = JSON.parse(show.stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ name: 'emu-na', kind: 'seller', region: 'na', sandbox: false, aws: null });
    expect(shown.secrets).toEqual(['client_secret', 'refresh_token']);
    const text = await run(['accounts', 'show', 'emu-na']);
    for (const out of [connected, list, show, text]) {
      for (const secret of secretsOf()) expect(out.stdout + out.stderr).not.toContain(secret);
    }
  });

  it('csm api --account calls with the stored account, and the environment cannot send its secret elsewhere', async () => {
    const call = await run(['api', 'getMarketplaceParticipations', '--account', 'emu-na']);
    expect(call.code).toBe(0);
    expect((JSON.parse(call.stdout) as { payload: unknown[] }).payload).toHaveLength(3);
    const elsewhere = await run(['api', 'getMarketplaceParticipations', '--account', 'emu-na'], {
      CSM_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(
      /but account emu-na is connected to http:\/\/127\.0\.0\.1:\d+: its credentials go only there/,
    );
    const unknown = await run(['api', 'getMarketplaceParticipations', '--account', 'nobody']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--account nobody: no stored account has that name');
  });

  it('names every malformed value before any call and stores nothing', async () => {
    let requests = 0;
    const recorder = createServer((_, res) => {
      requests++;
      res.end('{}');
    });
    await new Promise<void>((resolve) => recorder.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(recorder.address() as AddressInfo).port}`;
    try {
      const result = await run(['connect', '--non-interactive', '--name', 'typo', '--endpoint', url], {
        CSM_LWA_CLIENT_ID: emulator.credentials.clientId,
        CSM_LWA_CLIENT_SECRET: emulator.credentials.clientId,
        CSM_REFRESH_TOKEN: 'Atzr|IwEBIcut',
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('2 values are malformed');
      expect(result.stderr).toContain('the client secret looks like a client id');
      expect(result.stderr).toMatch(/the refresh token is cut short .*\(8 characters after its prefix\)/);
      expect(result.stderr).not.toContain(emulator.credentials.clientId.slice(-32));
      expect(requests).toBe(0);
      expect((await run(['accounts', 'show', 'typo'])).code).toBe(2);
    } finally {
      recorder.close();
    }
  });

  it('a missing value names its flag and variable', async () => {
    const result = await run(['connect', '--non-interactive', '--name', 'x']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'csm connect --non-interactive needs --client-id (or CSM_LWA_CLIENT_ID), --client-secret (or CSM_LWA_CLIENT_SECRET), --refresh-token (or CSM_REFRESH_TOKEN)',
    );
  });

  it('a seller connected in the wrong region is named, nothing is stored, and the right region connects', async () => {
    const { endpoints } = await emulatorCredentials(emulator);
    const regional = {
      CSM_REGION_ENDPOINTS: `na=${endpoints!.na},eu=${endpoints!.eu},fe=${endpoints!.fe}`,
      ...secretEnv(1),
    };
    const wrong = await run(connectArgs('emu-eu', 1, '--region', 'na'), regional);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('nothing was stored: a check failed');
    expect(wrong.stderr).toMatch(
      /region: the seller authorized this app in Europe \(eu\), not in North America \(na\)/,
    );
    expect(wrong.stderr).toContain('fix: Use region eu: run csm connect again with --region eu');
    expect((await run(['accounts', 'show', 'emu-eu'])).code).toBe(2);

    const right = await run(connectArgs('emu-eu', 1, '--region', 'eu', '--json'), regional);
    expect(right.code).toBe(0);
    const stored = JSON.parse(right.stdout) as {
      account: { regionEndpoints: unknown; marketplaces: unknown[] };
    };
    expect(stored.account.regionEndpoints).toEqual(endpoints);
    expect(stored.account.marketplaces.length).toBeGreaterThan(0);
    const call = await run(['api', 'getMarketplaceParticipations', '--account', 'emu-eu']);
    expect(call.code).toBe(0);
  });

  it('refuses a taken name unless --replace', async () => {
    const again = await run(connectArgs('emu-na', 0, '--endpoint', emulator.url), secretEnv());
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('an account named emu-na is stored already');
    const replaced = await run(
      connectArgs('emu-na', 0, '--endpoint', emulator.url, '--replace'),
      secretEnv(),
    );
    expect(replaced.code).toBe(0);
  });

  it('set-secret checks the new value with Amazon first: a wrong one is refused and the stored one kept', async () => {
    const wrong = `amzn1.oa2-cs.v1.${'ab'.repeat(32)}`;
    const refused = await run(['accounts', 'set-secret', 'emu-na', 'client-secret'], {
      CSM_LWA_CLIENT_SECRET: wrong,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /nothing was stored: lwa.client: LWA refused the client id and secret \(invalid_client\)/,
    );
    const malformed = await run(['accounts', 'set-secret', 'emu-na', 'refresh-token'], {
      CSM_REFRESH_TOKEN: 'Atzr%7Cabc',
    });
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('URL-encoded');
    const stored = await run(
      ['accounts', 'set-secret', 'emu-na', 'client-secret', '--secret-created', '2026-03-01'],
      {
        CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret,
      },
    );
    expect(stored.code).toBe(0);
    expect(stored.stdout).toBe('stored the new client-secret of emu-na (created 2026-03-01)\n');
    const noValue = await csm(['accounts', 'set-secret', 'emu-na'], { env });
    expect(noValue.code).toBe(2);
    expect(noValue.stderr).toContain('give the new client-secret in CSM_LWA_CLIENT_SECRET');
  });

  it('doctor --json prints each check with id, account, status, cause and fix; exit 1 once something fails', async () => {
    const healthy = await run(['doctor', '--account', 'emu-na', '--json']);
    expect(healthy.code).toBe(0);
    const { checks } = JSON.parse(healthy.stdout) as { checks: Record<string, string>[] };
    expect(checks.map((c) => c.id)).toEqual([
      'account.secrets',
      'lwa.client',
      'lwa.refresh-token',
      'region',
      'marketplaces',
      'orders.role',
      'pii.included-data',
      'pii.rdt',
      'listings.role',
      'feeds.role',
      'inventory.role',
      'seller.id',
      'secret.age',
      'clock.skew',
      'sandbox',
      'aws.format',
      'aws.identity',
      'aws.assume-role',
    ]);
    for (const check of checks) {
      expect(Object.keys(check)).toEqual(['id', 'account', 'status', 'cause', 'fix']);
      expect(check.account).toBe('emu-na');
      if (check.status === 'fail' || check.status === 'warn') expect(check.fix).not.toBe('');
    }

    const fe = await run(
      connectArgs('emu-fe', 2, '--endpoint', emulator.url, '--region', 'fe'),
      secretEnv(2),
    );
    expect(fe.code).toBe(0);
    await control(emulator, 'POST', `/sellers/${emulator.credentials.sellers[2]!.sellerId}/revoke`);
    const all = await run(['doctor']);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^emu-eu\n/);
    expect(all.stdout).toMatch(
      /\nemu-fe\n {2}pass {2}account\.secrets .*\n {2}pass {2}lwa\.client .*\n {2}fail {2}lwa\.refresh-token {2}LWA refused the refresh token \(invalid_grant\)/,
    );
    expect(all.stdout).toMatch(/\n {27}fix: Authorize the app again/);
    expect(all.stderr).toContain('csm: doctor: 1 check failed');
    for (const secret of secretsOf()) expect(all.stdout + all.stderr).not.toContain(secret);
  });

  it('a wrong master key says so instead of printing garbage', async () => {
    const result = await run(['accounts', 'list'], {
      CSM_MASTER_KEY: Buffer.alloc(32, 4).toString('base64'),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^csm: the master key does not match the one that encrypted this store: CSM_MASTER_KEY holds key \w+, the store's secrets are under key \w+\. Set CSM_MASTER_KEY/,
    );
    expect(result.stdout).toBe('');
  });

  it('removes an account and its secrets', async () => {
    const removed = await run(['accounts', 'remove', 'emu-fe']);
    expect(removed).toMatchObject({ code: 0, stdout: 'removed emu-fe\n' });
    const gone = await run(['accounts', 'remove', 'emu-fe']);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/no account named emu-fe is stored: the stored ones are emu-eu, emu-na/);
  });

  it('iam-policy prints the three documents filled in, and refuses a malformed account id', async () => {
    const printed = await csm(['iam-policy', '--account-id', '123456789012', '--role-name', 'SpApi']);
    expect(printed.code).toBe(0);
    const docs = JSON.parse(printed.stdout) as Record<string, { Statement: Record<string, unknown>[] }>;
    expect(Object.keys(docs)).toEqual(['sellingPartnerApiPolicy', 'roleTrustPolicy', 'userAssumeRolePolicy']);
    expect(docs.roleTrustPolicy?.Statement[0]?.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    expect(docs.userAssumeRolePolicy?.Statement[0]?.Resource).toBe('arn:aws:iam::123456789012:role/SpApi');
    expect(printed.stderr).toContain('optional');
    const bad = await csm(['iam-policy', '--account-id', '1234-5678-9012']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('the AWS account id is not 12 digits');
  });
});
