import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMasterKey, generateMasterKey, openVault } from '../../src/accounts/vault/index.js';
import { openStore } from '../../src/store/index.js';
import { csm } from '../cli/support/memory-context.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';
import { insertAccount } from './support/seed.js';

describe('csm vault rotate-key (in-process, embedded store)', () => {
  let test: TestStore;
  let keyId: string;
  beforeAll(async () => {
    test = await freshPgliteStore();
    const store = await openStore(test.config, { notify: () => {} });
    try {
      const vault = await openVault({ db: store.db, env: {}, dataDir: test.dataDir, notify: () => {} });
      keyId = vault.key.id;
      const id = await insertAccount(store.db, 'shop');
      await vault.put(store.db, id, 'client_secret', 'amzn1.oa2-cs.v1.command-test');
      await vault.put(store.db, id, 'refresh_token', 'Atzr|command-test');
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it('refuses a malformed CSM_MASTER_KEY with exit 2, naming the variable and not the value', async () => {
    const run = await csm(['vault', 'rotate-key'], {
      env: { CSM_DATA_DIR: test.dataDir, CSM_MASTER_KEY: 'not-a-key-at-all' },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^csm: CSM_MASTER_KEY is not a master key: it must be 32 bytes/);
    expect(run.stderr).not.toContain('not-a-key-at-all');
  });

  it('says the master key does not match, with exit 2', async () => {
    const run = await csm(['vault', 'rotate-key'], {
      env: { CSM_DATA_DIR: test.dataDir, CSM_MASTER_KEY: formatMasterKey(generateMasterKey()) },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('csm: the master key does not match the one that encrypted this store');
    expect(run.stderr).toContain(`the store's secrets are under key ${keyId}`);
  });

  it('rotates with the key file and prints the result as JSON', async () => {
    const run = await csm(['vault', 'rotate-key', '--json'], { env: { CSM_DATA_DIR: test.dataDir } });
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({ previousKeyId: keyId, values: 2, keySource: 'file' });
    expect(result.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(run.stderr).toContain('csm vault: re-encrypted 2 of 2 values');
  });
});
