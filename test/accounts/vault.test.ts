import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  formatMasterKey,
  generateMasterKey,
  KEY_FILE,
  NEXT_KEY_FILE,
  openVault,
  parseMasterKey,
  reencryptAll,
  rotateVaultKey,
  type Vault,
  VaultError,
} from '../../src/accounts/vault/index.js';
import { writeKeyFile } from '../../src/accounts/vault/key-file.js';
import { type Database, openStore, type Store } from '../../src/store/index.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
  tempDataDir,
} from '../store/support/test-stores.js';
import { fakeSecrets, insertAccount } from './support/seed.js';

const quiet = () => {};

describe('master keys', () => {
  it('reads base64, base64url and hex of 32 bytes to the same key', () => {
    const key = generateMasterKey();
    const base64 = key.bytes.toString('base64');
    expect(parseMasterKey(base64, 'X').id).toBe(key.id);
    expect(parseMasterKey(` ${base64.replace(/=$/, '')}\n`, 'X').id).toBe(key.id);
    expect(parseMasterKey(key.bytes.toString('base64url'), 'X').id).toBe(key.id);
    expect(parseMasterKey(key.bytes.toString('hex'), 'X').id).toBe(key.id);
  });

  it.each([
    ['too short', 'c2hvcnQ='],
    ['31 bytes of hex', 'ab'.repeat(31)],
    ['a passphrase', 'correct horse battery staple correct horse!'],
  ])('refuses %s, naming the variable and the fix but not the value', (_, value) => {
    const error = (() => {
      try {
        parseMasterKey(value, 'CSM_MASTER_KEY');
      } catch (e) {
        return e as VaultError;
      }
    })();
    expect(error).toBeInstanceOf(VaultError);
    expect(error?.code).toBe('VAULT_KEY_MALFORMED');
    expect(error?.message).toMatch(/^CSM_MASTER_KEY is not a master key: .*openssl rand -base64 32/);
    expect(error?.message).not.toContain(value);
  });
});

describe.each(BACKENDS)('vault on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  let store: Store;
  let keyDir: string;

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
    // Each test starts with an empty vault and its own directory for key files.
    await store.db.deleteFrom('accounts').execute();
    await store.db.deleteFrom('vault_keys').execute();
    keyDir = tempDataDir();
    return () => rmSync(keyDir, { recursive: true, force: true });
  });

  describe.skipIf(unavailable)(unavailable ? 'needs CSM_TEST_DATABASE_URL' : 'values', () => {
    it('opens what it sealed, with a fresh nonce per value and the key id stored beside it', async () => {
      const vault = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet });
      const a = await insertAccount(store.db, 'a');
      const b = await insertAccount(store.db, 'b');
      const secrets = { a: fakeSecrets(), b: fakeSecrets() };
      for (const [id, values] of [
        [a, secrets.a],
        [b, secrets.b],
      ] as const) {
        for (const [field, value] of Object.entries(values)) await vault.put(store.db, id, field, value);
      }
      expect(await vault.get(store.db, a, 'refresh_token')).toBe(secrets.a.refresh_token);
      expect(await vault.get(store.db, b, 'aws_secret_access_key')).toBe(secrets.b.aws_secret_access_key);
      expect(await vault.get(store.db, a, 'no_such_field')).toBeUndefined();
      expect(await vault.fields(store.db, a)).toEqual([
        'aws_secret_access_key',
        'client_secret',
        'refresh_token',
      ]);

      // The same plaintext twice still gets two nonces and two ciphertexts.
      await vault.put(store.db, b, 'client_secret', secrets.a.client_secret);
      await vault.put(store.db, a, 'client_secret', secrets.a.client_secret);
      const rows = await store.db.selectFrom('account_secrets').selectAll().execute();
      expect(new Set(rows.map((r) => r.nonce.toString('hex'))).size).toBe(rows.length);
      expect(
        rows.every((r) => r.nonce.length === 12 && r.tag.length === 16 && r.key_id === vault.key.id),
      ).toBe(true);
      const sameText = rows.filter((r) => r.field === 'client_secret');
      expect(sameText[0]?.ciphertext.equals(sameText[1]?.ciphertext as Buffer)).toBe(false);

      expect(await vault.remove(store.db, a, 'client_secret')).toBe(true);
      expect(await vault.get(store.db, a, 'client_secret')).toBeUndefined();
    });

    it('refuses a ciphertext copied to another account or another field', async () => {
      const vault = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet });
      const a = await insertAccount(store.db, 'a');
      const b = await insertAccount(store.db, 'b');
      const token = fakeSecrets().refresh_token;
      await vault.put(store.db, a, 'refresh_token', token);
      await vault.put(store.db, b, 'refresh_token', fakeSecrets().refresh_token);
      await vault.put(store.db, a, 'client_secret', fakeSecrets().client_secret);
      const original = await store.db
        .selectFrom('account_secrets')
        .select(['key_id', 'nonce', 'ciphertext', 'tag'])
        .where('account_id', '=', a)
        .where('field', '=', 'refresh_token')
        .executeTakeFirstOrThrow();
      // A's refresh token pasted into B's row and into A's client_secret row.
      await store.db.updateTable('account_secrets').set(original).where('account_id', '=', b).execute();
      await store.db
        .updateTable('account_secrets')
        .set(original)
        .where('field', '=', 'client_secret')
        .execute();
      for (const [id, field] of [
        [b, 'refresh_token'],
        [a, 'client_secret'],
      ] as const) {
        const error = await vault.get(store.db, id, field).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(VaultError);
        expect((error as VaultError).code).toBe('VAULT_VALUE_INVALID');
        expect((error as VaultError).message).toContain(`the stored ${field} of account ${id} does not open`);
        expect((error as VaultError).message).not.toContain(token);
      }
      expect(await vault.get(store.db, a, 'refresh_token')).toBe(token);
    });

    it('says so when the master key is not the one that encrypted the store', async () => {
      const right = generateMasterKey();
      const vault = await openVault({
        db: store.db,
        env: { CSM_MASTER_KEY: formatMasterKey(right) },
        dataDir: keyDir,
      });
      await vault.put(store.db, await insertAccount(store.db, 'a'), 'client_secret', 'amzn1.oa2-cs.v1.abc');

      const wrong = generateMasterKey();
      const error = await openVault({
        db: store.db,
        env: { CSM_MASTER_KEY: formatMasterKey(wrong) },
        dataDir: keyDir,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VaultError);
      expect((error as VaultError).code).toBe('VAULT_WRONG_KEY');
      expect((error as VaultError).message).toMatch(
        new RegExp(
          `^the master key does not match the one that encrypted this store: CSM_MASTER_KEY holds key ${wrong.id}, ` +
            `the store's secrets are under key ${right.id}\\. Set CSM_MASTER_KEY`,
        ),
      );
      expect((error as VaultError).message).not.toContain(formatMasterKey(wrong));

      // No key at all, while the store has one: no new key file is made up.
      const missing = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet }).catch(
        (e: unknown) => e,
      );
      expect((missing as VaultError).code).toBe('VAULT_KEY_MISSING');
      expect(existsSync(path.join(keyDir, KEY_FILE))).toBe(false);
    });

    it('creates the key file with mode 0600 on first run, reuses it, and refuses it once others may read it', async () => {
      const notes: string[] = [];
      const first = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: (l) => notes.push(l) });
      const file = path.join(keyDir, KEY_FILE);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(notes.join('\n')).toMatch(/created the master key file .*back it up/);
      expect(parseMasterKey(readFileSync(file, 'utf8'), 'file').id).toBe(first.key.id);

      const again = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet });
      expect(again.key.id).toBe(first.key.id);

      chmodSync(file, 0o644);
      const error = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet }).catch(
        (e: unknown) => e,
      );
      expect((error as VaultError).code).toBe('VAULT_KEY_FILE');
      expect((error as VaultError).message).toContain(`run chmod 600 ${file}`);
    });
  });

  describe.skipIf(unavailable)(unavailable ? 'needs CSM_TEST_DATABASE_URL' : 'key rotation', () => {
    it('re-encrypts every value under a new key file and retires the old key', async () => {
      const vault = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet });
      const expected = new Map<string, string>();
      for (const name of ['a', 'b', 'c']) {
        const id = await insertAccount(store.db, name);
        for (const [field, value] of Object.entries(fakeSecrets())) {
          await vault.put(store.db, id, field, value);
          expected.set(`${id}/${field}`, value);
        }
      }
      const progress: string[] = [];
      const result = await rotateVaultKey({
        db: store.db,
        env: {},
        dataDir: keyDir,
        notify: quiet,
        onProgress: (done, total) => progress.push(`${done}/${total}`),
      });
      expect(result).toMatchObject({ previousKeyId: vault.key.id, values: 9, keySource: 'file' });
      expect(result.keyId).not.toBe(vault.key.id);
      expect(progress).toEqual(['9/9']);
      expect(existsSync(path.join(keyDir, NEXT_KEY_FILE))).toBe(false);
      expect(statSync(path.join(keyDir, KEY_FILE)).mode & 0o777).toBe(0o600);

      const rotated = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet });
      expect(rotated.key.id).toBe(result.keyId);
      await expectAllOpen(rotated, store.db, expected);
      // The vault opened before the rotation may no longer write.
      const stale = await vault
        .put(store.db, expected.keys().next().value?.split('/')[0] as string, 'x', 'y')
        .catch((e: unknown) => e);
      expect((stale as VaultError).code).toBe('VAULT_KEY_RETIRED');
      const keys = await store.db.selectFrom('vault_keys').select(['key_id', 'retired_at']).execute();
      expect(keys.find((k) => k.key_id === vault.key.id)?.retired_at).toBeInstanceOf(Date);

      const old = await openVault({
        db: store.db,
        env: { CSM_MASTER_KEY: formatMasterKey(vault.key) },
        dataDir: keyDir,
      }).catch((e: unknown) => e);
      expect((old as VaultError).code).toBe('VAULT_KEY_RETIRED');
      expect((old as VaultError).message).toContain(`the store is now under key ${result.keyId}`);
    });

    it('finishes a rotation killed after its commit, and discards one killed before it', async () => {
      const vault = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: quiet });
      const id = await insertAccount(store.db, 'a');
      const secret = fakeSecrets().refresh_token;
      await vault.put(store.db, id, 'refresh_token', secret);

      // Killed before the commit: the new key was staged, nothing else happened.
      writeKeyFile(path.join(keyDir, NEXT_KEY_FILE), generateMasterKey(), { replace: true });
      const notes: string[] = [];
      const before = await openVault({
        db: store.db,
        env: {},
        dataDir: keyDir,
        notify: (l) => notes.push(l),
      });
      expect(before.key.id).toBe(vault.key.id);
      expect(existsSync(path.join(keyDir, NEXT_KEY_FILE))).toBe(false);
      expect(notes.join('\n')).toMatch(/discarded the new key of a key rotation that did not complete/);

      // Killed after the commit: values under the staged key, the key file still the old one.
      const next = generateMasterKey();
      writeKeyFile(path.join(keyDir, NEXT_KEY_FILE), next, { replace: true });
      await reencryptAll(store.db, vault.key, next);
      const after = await openVault({ db: store.db, env: {}, dataDir: keyDir, notify: (l) => notes.push(l) });
      expect(after.key.id).toBe(next.id);
      expect(notes.join('\n')).toMatch(/finished a key rotation that was interrupted after its commit/);
      expect(parseMasterKey(readFileSync(path.join(keyDir, KEY_FILE), 'utf8'), 'file').id).toBe(next.id);
      expect(await after.get(store.db, id, 'refresh_token')).toBe(secret);
    });

    it('with CSM_MASTER_KEY, takes the new key from CSM_NEW_MASTER_KEY and reports a rerun as done', async () => {
      const oldKey = formatMasterKey(generateMasterKey());
      const newKey = generateMasterKey();
      const vault = await openVault({ db: store.db, env: { CSM_MASTER_KEY: oldKey }, dataDir: keyDir });
      const id = await insertAccount(store.db, 'a');
      await vault.put(store.db, id, 'client_secret', 'amzn1.oa2-cs.v1.env');

      const options = { db: store.db, dataDir: keyDir, notify: quiet };
      const missing = await rotateVaultKey({ ...options, env: { CSM_MASTER_KEY: oldKey } }).catch(
        (e: unknown) => e,
      );
      expect((missing as VaultError).code).toBe('VAULT_NEW_KEY_REQUIRED');

      const env = { CSM_MASTER_KEY: oldKey, CSM_NEW_MASTER_KEY: formatMasterKey(newKey) };
      expect(await rotateVaultKey({ ...options, env })).toMatchObject({
        keyId: newKey.id,
        values: 1,
        keySource: 'env',
      });
      expect(await rotateVaultKey({ ...options, env })).toMatchObject({ keyId: newKey.id, values: 0 });
      const reopened = await openVault({ ...options, env: { CSM_MASTER_KEY: formatMasterKey(newKey) } });
      expect(await reopened.get(store.db, id, 'client_secret')).toBe('amzn1.oa2-cs.v1.env');
      expect(existsSync(path.join(keyDir, KEY_FILE))).toBe(false); // the environment's key is never written
    });
  });
});

async function expectAllOpen(
  vault: Vault,
  db: Kysely<Database>,
  expected: Map<string, string>,
): Promise<void> {
  for (const [where, value] of expected) {
    const [id, field] = where.split('/') as [string, string];
    expect(await vault.get(db, id, field)).toBe(value);
  }
}
