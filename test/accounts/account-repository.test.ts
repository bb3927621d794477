import { rmSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccountError, AccountRepository, openAccounts } from '../../src/accounts/index.js';
import { openVault, type Vault, VaultError } from '../../src/accounts/vault/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
  tempDataDir,
} from '../store/support/test-stores.js';
import { sampleAccount, sampleAws } from './support/sample-account.js';

const quiet = () => {};

function caught<T>(promise: Promise<T>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe.each(BACKENDS)('accounts on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  let store: Store;
  let keyDir: string;
  let vault: Vault;
  let accounts: AccountRepository;

  beforeAll(async () => {
    if (unavailable) return;
    test = await freshStore(backend);
    store = await openStore(test.config, { notify: quiet });
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
  });
  beforeEach(async () => {
    if (unavailable) return;
    await store.db.deleteFrom('accounts').execute();
    await store.db.deleteFrom('vault_keys').execute();
    keyDir = tempDataDir();
    vault = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet });
    accounts = new AccountRepository(store.db, vault);
    return () => rmSync(keyDir, { recursive: true, force: true });
  });

  describe.skipIf(unavailable)(unavailable ? 'needs CSM_TEST_DATABASE_URL' : 'repository', () => {
    it('adds, gets, lists and removes accounts; an account shows which secrets it has, never their values', async () => {
      const input = sampleAccount('acme-de', { aws: sampleAws(), applicationId: undefined });
      const added = await accounts.add(input);
      expect(added).toMatchObject({
        name: 'acme-de',
        kind: 'seller',
        region: 'eu',
        clientId: input.clientId,
        sellerId: 'A1B2C3D4E5F6G7',
        marketplaces: input.marketplaces,
        endpoint: undefined,
        regionEndpoints: undefined,
        sandbox: false,
        secretCreated: '2026-01-15',
        aws: { accessKeyId: input.aws?.accessKeyId, roleArn: input.aws?.roleArn },
        secrets: ['client_secret', 'refresh_token', 'aws_secret_access_key'],
      });
      const shown = JSON.stringify(added);
      for (const secret of [input.clientSecret, input.refreshToken, input.aws?.secretAccessKey ?? '']) {
        expect(shown).not.toContain(secret);
      }
      expect(await accounts.secrets(added)).toEqual({
        clientSecret: input.clientSecret,
        refreshToken: input.refreshToken,
        awsSecretAccessKey: input.aws?.secretAccessKey,
      });

      await accounts.add(
        sampleAccount('emu', {
          kind: 'vendor',
          region: 'na',
          regionEndpoints: { na: 'http://127.0.0.1:1', eu: 'http://127.0.0.1:2', fe: 'http://127.0.0.1:3' },
          sandbox: true,
        }),
      );
      const listed = await accounts.list();
      expect(listed.map((a) => [a.name, a.kind, a.sandbox, a.regionEndpoints?.eu])).toEqual([
        ['acme-de', 'seller', false, undefined],
        ['emu', 'vendor', true, 'http://127.0.0.1:2'],
      ]);
      expect(listed[1]?.secrets).toEqual(['client_secret', 'refresh_token']);

      expect(await accounts.remove('acme-de')).toBe(true);
      expect(await accounts.remove('acme-de')).toBe(false);
      expect(await accounts.find('acme-de')).toBeUndefined();
      const orphans = await store.db.selectFrom('account_secrets').select('account_id').execute();
      expect(orphans.every((r) => r.account_id === listed[1]?.id)).toBe(true);
    });

    it('refuses a taken name unless asked to replace it, and replaces account and secrets in one go', async () => {
      const first = await accounts.add(sampleAccount('shop'));
      const error = await caught(accounts.add(sampleAccount('shop')));
      expect(error).toBeInstanceOf(AccountError);
      expect((error as AccountError).code).toBe('ACCOUNT_EXISTS');
      expect((error as AccountError).message).toContain('csm connect --replace');

      const second = sampleAccount('shop', { region: 'fe' });
      const replaced = await accounts.add(second, { replace: true });
      expect(replaced.id).not.toBe(first.id);
      expect(replaced.region).toBe('fe');
      expect((await accounts.secrets(replaced)).refreshToken).toBe(second.refreshToken);
      expect(await accounts.list()).toHaveLength(1);
    });

    it('names every malformed field and stores nothing', async () => {
      const input = sampleAccount('bad name', {
        clientSecret: 'amzn1.application-oa2-client.0123456789abcdef0123456789abcdef',
        refreshToken: 'Atzr|cut',
      });
      const error = (await caught(accounts.add(input))) as AccountError;
      expect(error.code).toBe('ACCOUNT_INPUT_INVALID');
      expect(error.problems.map((p) => p.field)).toEqual([
        'account name',
        'LWA client secret',
        'refresh token',
      ]);
      expect(error.message).toContain('the client secret looks like a client id');
      expect(error.message).not.toContain(input.clientSecret);
      expect(await store.db.selectFrom('accounts').select('id').execute()).toEqual([]);
      expect(await store.db.selectFrom('account_secrets').select('field').execute()).toEqual([]);
    });

    it('refuses one endpoint together with per-region endpoints', async () => {
      const error = (await caught(
        accounts.add(
          sampleAccount('both', {
            endpoint: 'http://127.0.0.1:9',
            regionEndpoints: { na: 'http://127.0.0.1:1', eu: 'http://127.0.0.1:2', fe: 'http://127.0.0.1:3' },
          }),
        ),
      )) as AccountError;
      expect(error.problems.map((p) => p.field)).toEqual(['endpoint']);
    });

    it('sets a secret with its creation day in one transaction, and checks its format first', async () => {
      const account = await accounts.add(sampleAccount('rotating'));
      const rotated = sampleAccount('x').clientSecret;
      const updated = await accounts.setSecret('rotating', 'client_secret', rotated, {
        secretCreated: '2026-03-01',
      });
      expect(updated.secretCreated).toBe('2026-03-01');
      expect((await accounts.secrets(account)).clientSecret).toBe(rotated);

      const error = (await caught(
        accounts.setSecret('rotating', 'refresh_token', 'Atzr%7Cabc'),
      )) as AccountError;
      expect(error.code).toBe('ACCOUNT_INPUT_INVALID');
      expect(error.message).toContain('URL-encoded');
      const missing = (await caught(accounts.setSecret('nobody', 'client_secret', rotated))) as AccountError;
      expect(missing.code).toBe('ACCOUNT_NOT_FOUND');
      expect(missing.message).toContain('the stored ones are rotating');
    });

    it('updates marketplaces and the seller id', async () => {
      await accounts.add(sampleAccount('upd', { sellerId: undefined }));
      const updated = await accounts.update('upd', {
        sellerId: 'A9Z8Y7X6W5V4',
        marketplaces: [
          {
            id: 'ATVPDKIKX0DER',
            countryCode: 'US',
            name: 'Amazon.com',
            participating: true,
            suspendedListings: true,
          },
        ],
      });
      expect(updated.sellerId).toBe('A9Z8Y7X6W5V4');
      expect(updated.marketplaces[0]?.suspendedListings).toBe(true);
    });
  });
});

describe('openAccounts', () => {
  it('opens the store and the vault, and a wrong master key says so before any value is opened', async () => {
    const test = await freshStore('pglite');
    const env = { CSM_DATA_DIR: test.dataDir, CSM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };
    try {
      const opened = await openAccounts({ env, notify: quiet });
      const input = sampleAccount('one');
      await opened.accounts.add(input);
      await opened.close();

      const wrong = { ...env, CSM_MASTER_KEY: Buffer.alloc(32, 8).toString('base64') };
      const error = await caught(openAccounts({ env: wrong, notify: quiet }));
      expect(error).toBeInstanceOf(VaultError);
      expect((error as VaultError).code).toBe('VAULT_WRONG_KEY');
      expect((error as VaultError).message).toMatch(
        /the master key does not match the one that encrypted this store/,
      );
      expect((error as VaultError).message).not.toContain(input.clientSecret);

      const again = await openAccounts({ env, notify: quiet });
      expect((await again.accounts.secrets(await again.accounts.get('one'))).clientSecret).toBe(
        input.clientSecret,
      );
      await again.close();
    } finally {
      await test.dispose();
    }
  });
});
