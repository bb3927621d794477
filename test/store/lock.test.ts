import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, StoreLockedError } from '../../src/store/index.js';
import { acquireStoreLock, LOCK_FILE } from '../../src/store/store-lock.js';
import { finished, spawnCsm, spawnScript, waitForLine } from './support/processes.js';
import { freshPgliteStore, type TestStore, tempDataDir } from './support/test-stores.js';

const HOLDER = 'test/store/support/hold-store.ts';

describe('one process owns an embedded data directory (real processes)', () => {
  let test: TestStore;
  beforeAll(async () => {
    test = await freshPgliteStore();
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it('refuses a second process with the owner PID and command; flag values stay out of the lock', async () => {
    const holder = spawnScript(HOLDER, ['serve', '--client-secret', 'Sup3r-secret-in-argv'], {
      CSM_DATA_DIR: test.dataDir,
    });
    const holderDone = finished(holder);
    await waitForLine(holder, 'stdout', /^ready \d+$/);

    const second = await finished(spawnCsm(['vault', 'rotate-key'], { CSM_DATA_DIR: test.dataDir }));
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`in use by process ${holder.pid} (hold-store serve, since `);
    expect(second.stderr).toContain('stop that process first');
    expect(second.stdout).toBe('');
    expect(readFileSync(path.join(test.dataDir, LOCK_FILE), 'utf8')).not.toContain('Sup3r-secret');

    holder.stdin.end();
    expect((await holderDone).code).toBe(0);
    expect(existsSync(path.join(test.dataDir, LOCK_FILE))).toBe(false);
  });

  it('takes over the lock of an owner killed with SIGKILL, with its committed data', async () => {
    const holder = spawnScript(HOLDER, ['serve'], {
      CSM_DATA_DIR: test.dataDir,
      HOLD_ACCOUNT: 'before-the-kill',
    });
    const holderDone = finished(holder);
    await waitForLine(holder, 'stdout', /^ready \d+$/);
    holder.kill('SIGKILL');
    expect((await holderDone).signal).toBe('SIGKILL');
    const stale = JSON.parse(readFileSync(path.join(test.dataDir, LOCK_FILE), 'utf8')) as { pid: number };
    expect(stale.pid).toBe(holder.pid);

    const store = await openStore(test.config, { notify: () => {} });
    try {
      expect(store.role).toBe('owner');
      const lock = JSON.parse(readFileSync(path.join(test.dataDir, LOCK_FILE), 'utf8')) as { pid: number };
      expect(lock.pid).toBe(process.pid);
      const names = await store.db.selectFrom('accounts').select('name').execute();
      expect(names.map((r) => r.name)).toEqual(['before-the-kill']);
    } finally {
      await store.close();
    }
  });
});

describe('the lock file', () => {
  const claim = { command: 'csm test', since: '2026-01-01T00:00:00.000Z', socketDir: '/nowhere' };
  let dir: string;
  beforeAll(() => {
    dir = tempDataDir();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused while a live process holds it, and free again once released', () => {
    const lock = acquireStoreLock(dir, claim);
    expect(() => acquireStoreLock(dir, claim)).toThrow(StoreLockedError);
    lock.release();
    acquireStoreLock(dir, claim).release();
    expect(existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('is taken over when it is unreadable (an owner killed while writing it)', () => {
    writeFileSync(path.join(dir, LOCK_FILE), '{"pid": 12');
    const lock = acquireStoreLock(dir, claim);
    expect(lock.owner.pid).toBe(process.pid);
    lock.release();
  });

  it.runIf(existsSync('/proc/self/stat'))('is taken over when its PID now belongs to another process', () => {
    // This process's PID with another start time: the owner died and its PID was handed out again.
    const recycled = { pid: process.pid, ...claim, procStart: '1' };
    writeFileSync(path.join(dir, LOCK_FILE), JSON.stringify(recycled));
    const lock = acquireStoreLock(dir, claim);
    expect(lock.owner.procStart).not.toBe('1');
    lock.release();
  });
});
