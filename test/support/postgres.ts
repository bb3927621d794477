import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * vitest global setup: the store tests run against PostgreSQL as well as PGlite. Unless a server is given in
 * CSM_TEST_DATABASE_URL, `scripts/postgres-up` installs Debian's postgresql if needed, starts it on
 * 127.0.0.1 and prints the URL, so `npm test` on a fresh machine runs every test. Where that cannot work
 * (not root, no apt), the PostgreSQL half is reported as skipped, never as passed; in CI it fails instead.
 */
export default function setup(): void {
  if (process.env.CSM_TEST_DATABASE_URL?.trim()) return;
  try {
    process.stderr.write('postgres: starting a local PostgreSQL for the store tests (scripts/postgres-up)\n');
    const out = execFileSync(path.join(root, 'scripts/postgres-up'), {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 300_000,
    });
    const line = out.split('\n').find((l) => l.startsWith('CSM_TEST_DATABASE_URL='));
    if (line) process.env.CSM_TEST_DATABASE_URL = line.slice('CSM_TEST_DATABASE_URL='.length).trim();
  } catch (error) {
    process.stderr.write(
      `postgres: could not start PostgreSQL (${(error as Error).message.split('\n')[0]}); ` +
        'the PostgreSQL store tests are skipped. Set CSM_TEST_DATABASE_URL=postgres://… to use a server of yours.\n',
    );
  }
}
