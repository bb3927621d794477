import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  commandLine,
  defaultDataDir,
  openStore,
  resolveStoreConfig,
  StoreError,
} from '../../src/store/index.js';
import { tempDataDir } from './support/test-stores.js';

const linux = { platform: 'linux' as const, homedir: '/home/ann' };

describe('resolveStoreConfig', () => {
  it('uses the embedded store in the per-user data directory by default', () => {
    expect(resolveStoreConfig({}, linux)).toEqual({
      backend: 'pglite',
      dataDir: '/home/ann/.local/share/csm',
    });
    expect(resolveStoreConfig({ XDG_DATA_HOME: '/data' }, linux).dataDir).toBe('/data/csm');
    // A relative XDG_DATA_HOME is invalid by the XDG spec and ignored.
    expect(resolveStoreConfig({ XDG_DATA_HOME: 'rel' }, linux).dataDir).toBe('/home/ann/.local/share/csm');
    expect(defaultDataDir({}, { platform: 'darwin', homedir: '/Users/ann' })).toBe(
      '/Users/ann/Library/Application Support/csm',
    );
    expect(
      defaultDataDir(
        { LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' },
        { platform: 'win32', homedir: 'C:\\Users\\ann' },
      ),
    ).toBe('C:\\Users\\ann\\AppData\\Local\\csm');
  });

  it('takes CSM_DATA_DIR (made absolute) and CSM_DATABASE_URL', () => {
    expect(resolveStoreConfig({ CSM_DATA_DIR: 'here' }, linux).dataDir).toBe(path.resolve('here'));
    expect(
      resolveStoreConfig({ CSM_DATABASE_URL: 'postgres://u:p@db:5432/csm', CSM_DATA_DIR: '/d' }, linux),
    ).toEqual({
      backend: 'postgres',
      url: 'postgres://u:p@db:5432/csm',
      dataDir: '/d',
    });
  });

  it.each([
    ['a libpq keyword string', 'host=db user=csm password=hunter22', /does not parse as a URL/],
    ['another scheme', 'mysql://u:hunter22@db/csm', /must start with postgres:\/\/ \(got mysql:\/\/…\)/],
  ])('refuses %s with the fix, never showing a password', (_, url, message) => {
    const error = (() => {
      try {
        resolveStoreConfig({ CSM_DATABASE_URL: url }, linux);
      } catch (e) {
        return e as StoreError;
      }
    })();
    expect(error).toBeInstanceOf(StoreError);
    expect(error?.code).toBe('STORE_CONFIG');
    expect(error?.message).toMatch(message);
    expect(error?.message).toContain('postgres://USER:PASSWORD@HOST:PORT/DATABASE');
    expect(error?.message).not.toContain('hunter22');
  });
});

describe('openStore on an unreachable PostgreSQL', () => {
  const dataDir = tempDataDir();
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('names the server with the password blanked out, and the fix', async () => {
    const url = 'postgres://csm:hunter22@127.0.0.1:1/csm';
    const error = await openStore({ backend: 'postgres', url, dataDir }).catch((e: unknown) => e);
    expect((error as StoreError).code).toBe('STORE_UNAVAILABLE');
    expect((error as StoreError).message).toMatch(
      /^cannot reach PostgreSQL at postgres:\/\/csm:\*\*\*@127\.0\.0\.1:1\/csm: .*check CSM_DATABASE_URL and that the server runs$/,
    );
    expect((error as StoreError).message).not.toContain('hunter22');
  });
});

describe('commandLine (what the lock file shows)', () => {
  it('keeps the program and its subcommands, drops flags and everything after them', () => {
    expect(commandLine(['/usr/bin/node', '/opt/csm/bin/csm.js', 'serve', '--port', '80'])).toBe('csm serve');
    expect(commandLine(['node', 'bin/csm.js', 'connect', '--client-secret', 'amzn1.oa2-cs.v1.x', 'y'])).toBe(
      'csm connect',
    );
    expect(commandLine(['node', '/x/hold-store.ts'])).toBe('hold-store');
  });
});
