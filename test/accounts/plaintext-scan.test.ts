import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVault, rotateVaultKey } from '../../src/accounts/vault/index.js';
import { openStore } from '../../src/store/index.js';
import {
  BACKENDS,
  type Backend,
  backendAvailable,
  freshStore,
  type TestStore,
} from '../store/support/test-stores.js';
import { fakeSecrets, insertAccount } from './support/seed.js';

const quiet = { notify: () => {} };

/** Every regular file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return filesUnder(full);
    return entry.isFile() ? [full] : [];
  });
}

/** The byte patterns a secret could be stored as: UTF-8, UTF-16, base64 and hex of it. */
function encodings(secret: string): Buffer[] {
  return [
    Buffer.from(secret, 'utf8'),
    Buffer.from(secret, 'utf16le'),
    Buffer.from(Buffer.from(secret).toString('base64')),
    Buffer.from(Buffer.from(secret).toString('hex')),
  ];
}

/** Which of `needles` occur in `haystacks` (name → bytes), as `needle in name`. */
function occurrences(haystacks: Map<string, Buffer>, needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const needle of needles) {
    for (const [name, bytes] of haystacks) {
      if (encodings(needle).some((pattern) => bytes.includes(pattern))) found.push(`${needle} in ${name}`);
    }
  }
  return found;
}

describe.each(BACKENDS)('no secret in plaintext at rest, on %s', (backend: Backend) => {
  const unavailable = !backendAvailable(backend);
  let test: TestStore;
  const secrets: string[] = [];
  const names: string[] = [];

  beforeAll(async () => {
    if (unavailable) return;
    test = await freshStore(backend);
    const store = await openStore(test.config, quiet);
    try {
      const vault = await openVault({ db: store.db, env: {}, dataDir: test.dataDir, ...quiet });
      for (let i = 0; i < 3; i++) {
        const name = `scan-control-${randomBytes(6).toString('hex')}`;
        names.push(name);
        const id = await insertAccount(store.db, name);
        for (const [field, value] of Object.entries(fakeSecrets())) {
          secrets.push(value);
          await vault.put(store.db, id, field, value);
        }
      }
      // A rotation writes every value again: the old and the new versions both reach the files and the WAL.
      await rotateVaultKey({ db: store.db, env: {}, dataDir: test.dataDir, ...quiet });
    } finally {
      await store.close();
    }
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it.skipIf(unavailable)('every file under the data directory holds none of the stored secrets', () => {
    const files = new Map(
      filesUnder(test.dataDir).map((f) => [path.relative(test.dataDir, f), readFileSync(f)]),
    );
    expect(files.has('master.key')).toBe(true);
    expect(occurrences(files, secrets)).toEqual([]);
    if (backend === 'pglite') {
      // The scan does read the database: the account names, stored in plaintext, are found.
      expect(occurrences(files, names).length).toBeGreaterThanOrEqual(names.length);
    }
  });

  // Registered for PostgreSQL only: PGlite has no server to dump, its files are scanned above.
  if (backend !== 'postgres') return;
  it.skipIf(unavailable)('a pg_dump of the database holds none of them', () => {
    const dump = execFileSync('pg_dump', ['--no-owner', '--dbname', test.url as string], {
      maxBuffer: 64 << 20,
    });
    const dumps = new Map([['pg_dump', dump]]);
    expect(occurrences(dumps, names)).toHaveLength(names.length); // the dump has the data
    expect(occurrences(dumps, secrets)).toEqual([]);
  });
});
