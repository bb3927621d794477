import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { finished, spawnCsm, spawnScript, waitForLine } from '../store/support/processes.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';
import { insertSellers, testMasterKey, testVault } from './support/accounts.js';

const quiet = { notify: () => {} };
const HOLDER = 'test/store/support/hold-store.ts';

describe('csm backup and csm restore', () => {
  let source: TestStore;
  let target: TestStore;
  const masterKey = testMasterKey();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'csm-backup-cli-'));
  const file = path.join(dir, 'store.csm-backup');

  beforeAll(async () => {
    source = await freshPgliteStore();
    target = await freshPgliteStore();
    const store = await openStore(source.config, quiet);
    await insertSellers(store, await testVault(store, masterKey), [
      { name: 'eu-shop', sellerId: 'A1EU', refreshToken: 'Atzr|not-in-the-clear' },
    ]);
    await store.close();
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await source?.dispose();
    await target?.dispose();
  });

  const csm = (args: string[], store: TestStore, env: Record<string, string> = {}) =>
    finished(spawnCsm(args, { CSM_DATA_DIR: store.dataDir, CSM_MASTER_KEY: masterKey, ...env }));

  it('backs up while another process owns the embedded store, through its socket', async () => {
    const holder = spawnScript(HOLDER, ['serve'], { CSM_DATA_DIR: source.dataDir });
    await waitForLine(holder, 'stdout', /^ready \d+$/);
    try {
      const run = await csm(['backup', file], source);
      expect(run.stderr).toContain('csm backup: accounts: 1 rows');
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(
        /^backup: .*store\.csm-backup: \d+ tables, \d+ rows, taken .*, sha256 [0-9a-f]{64}\n$/,
      );
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const again = await csm(['backup', file], source);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('exists: choose another file name, or add --force');
    } finally {
      holder.stdin.end();
      await finished(holder);
    }
  });

  it('restores it; the secret is still sealed, the store holds the same account', async () => {
    const run = await csm(['restore', file, '--json'], target);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rowsByTable: { accounts: 1, account_secrets: 2 } });
    const store = await openStore(target.config, quiet);
    try {
      const vault = await testVault(store, masterKey);
      const [account] = await store.db.selectFrom('accounts').select(['id', 'name']).execute();
      expect(account?.name).toBe('eu-shop');
      expect(await vault.get(store.db, account!.id, 'refresh_token')).toBe('Atzr|not-in-the-clear');
    } finally {
      await store.close();
    }
  });

  it('refuses a file that is not a csm backup, or secrets it cannot open, with the store untouched', async () => {
    const notBackup = path.join(dir, 'orders.csv');
    writeFileSync(notBackup, 'orderId,status\n1,SHIPPED\n');
    const store = await openStore(target.config, quiet);
    await store.db.updateTable('accounts').set({ name: 'renamed-after-restore' }).execute();
    await store.close();

    const wrong = await csm(['restore', notBackup], target);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('orders.csv is not a csm backup');
    expect(wrong.stderr).toContain('give a file written by csm backup');

    const missing = await csm(['restore', path.join(dir, 'nothing-here')], target);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read');

    const otherKey = await csm(['restore', file], target, { CSM_MASTER_KEY: testMasterKey() });
    expect(otherKey.code).toBe(2);
    expect(otherKey.stderr).toMatch(/sealed under master key [0-9a-f]{16}, and CSM_MASTER_KEY holds key/);
    expect(`${otherKey.stderr}${otherKey.stdout}`).not.toContain('not-in-the-clear');

    const after = await openStore(target.config, quiet);
    try {
      const names = (await after.db.selectFrom('accounts').select('name').execute()).map((r) => r.name);
      expect(names).toEqual(['renamed-after-restore']);
    } finally {
      await after.close();
    }
    expect(existsSync(`${file}.partial`)).toBe(false);
  });
});
