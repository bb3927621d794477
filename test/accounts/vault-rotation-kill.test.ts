import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KEY_FILE,
  NEXT_KEY_FILE,
  openVault,
  parseMasterKey,
  unseal,
} from '../../src/accounts/vault/index.js';
import { currentKey } from '../../src/accounts/vault/vault.js';
import { openStore } from '../../src/store/index.js';
import { finished, spawnCsm, waitForLine } from '../store/support/processes.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';
import { seedSecrets } from './support/seed.js';

const quiet = { notify: () => {} };
// Enough values that the rotation is far from its commit when the kill lands after the first progress line.
const ACCOUNTS = 600;
const FIELDS = ['client_secret', 'refresh_token'] as const;
const TOTAL = ACCOUNTS * FIELDS.length;

describe.each(BACKENDS)('csm vault rotate-key killed halfway, on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  let env: Record<string, string>;
  let values: Map<string, string>;
  let oldKeyId: string;

  beforeAll(async () => {
    if (unavailable) return;
    test = await freshStore(backend);
    env = { CSM_DATA_DIR: test.dataDir, ...(test.url ? { CSM_DATABASE_URL: test.url } : {}) };
    const store = await openStore(test.config, quiet);
    try {
      const vault = await openVault({ db: store.db, env: {}, dataDir: test.dataDir, ...quiet });
      oldKeyId = vault.key.id;
      values = await seedSecrets(store.db, vault.key, ACCOUNTS, FIELDS);
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it.skipIf(unavailable)(
    'loses nothing: SIGKILL mid-transaction, then a second run finishes it',
    async () => {
      const first = spawnCsm(['vault', 'rotate-key'], env);
      const firstDone = finished(first);
      await waitForLine(first, 'stderr', new RegExp(`re-encrypted 100 of ${TOTAL} values`));
      first.kill('SIGKILL');
      expect((await firstDone).signal).toBe('SIGKILL');

      // Interrupted for real: the staged key is there and the store is still under the old key.
      expect(existsSync(path.join(test.dataDir, NEXT_KEY_FILE))).toBe(true);
      const between = await openStore(test.config, quiet);
      try {
        expect((await currentKey(between.db))?.key_id).toBe(oldKeyId);
      } finally {
        await between.close();
      }

      const second = await finished(spawnCsm(['vault', 'rotate-key'], env));
      expect(second.stderr).toContain('discarded the new key of a key rotation that did not complete');
      expect(second.code).toBe(0);
      const newKeyId = parseMasterKey(readFileSync(path.join(test.dataDir, KEY_FILE), 'utf8'), 'key file').id;
      expect(second.stdout).toBe(`rotated: ${TOTAL} values under key ${newKeyId} (was key ${oldKeyId})\n`);
      expect(existsSync(path.join(test.dataDir, NEXT_KEY_FILE))).toBe(false);

      const store = await openStore(test.config, quiet);
      try {
        const vault = await openVault({ db: store.db, env: {}, dataDir: test.dataDir, ...quiet });
        expect(vault.key.id).toBe(newKeyId);
        const rows = await store.db.selectFrom('account_secrets').selectAll().execute();
        expect(rows).toHaveLength(TOTAL);
        expect(rows.every((r) => r.key_id === newKeyId)).toBe(true);
        // Every value opens under the new key to exactly what was stored (one query, not one per value).
        const opened = rows.filter((r) => {
          const sealed = { keyId: r.key_id, nonce: r.nonce, ciphertext: r.ciphertext, tag: r.tag };
          return (
            unseal(vault.key, r.account_id, r.field, sealed) === values.get(`${r.account_id}/${r.field}`)
          );
        });
        expect(opened).toHaveLength(TOTAL);
      } finally {
        await store.close();
      }
    },
  );
});
