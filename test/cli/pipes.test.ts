import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/csm.js');

interface ShellRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a bash script with the real bin as "$CSM" (plain node on the built dist/, as users run it). */
function shell(script: string, env: Record<string, string>): Promise<ShellRun> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CSM_')));
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', script],
      { env: { ...clean, ...env, CSM: `${process.execPath} ${bin}` }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('csm in pipes and with broken stdout (the real bin)', () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  const dir = mkdtempSync(path.join(tmpdir(), 'csm-pipes-'));
  beforeAll(async () => {
    emulator = await startEmulator({ sellers: 1, orders: 1000, seed: 9 });
    env = {
      CSM_LWA_CLIENT_ID: emulator.credentials.clientId,
      CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret,
      CSM_REFRESH_TOKEN: emulator.credentials.sellers[0]!.refreshToken,
      CSM_ENDPOINT: emulator.url,
    };
  });
  afterAll(() => emulator.close());

  const searchRequests = async (): Promise<number> => {
    const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
      operations: Record<string, { requests: number }>;
    };
    return stats.operations.searchOrders?.requests ?? 0;
  };

  it('`--all-pages | head -c 100` ends quietly with 0 and stops fetching pages', async () => {
    const errors = path.join(dir, 'head.err');
    // 1,000 orders at 100 a page: ten pages of about 150 kB each, far beyond a pipe's 64 kB buffer.
    const result = await shell(
      `$CSM api searchOrders -p lastUpdatedAfter=2020-01-01T00:00:00Z -p maxResultsPerPage=100 --all-pages 2>"${errors}" | head -c 100; ` +
        "printf '\\ncsm=%s head=%s\\n' $((PIPESTATUS[0])) $((PIPESTATUS[1]))",
      env,
    );
    const [data, summary] = result.stdout.split('\n');
    expect(data).toHaveLength(100);
    expect(data!.startsWith('{"orders":[')).toBe(true);
    expect(summary).toBe('csm=0 head=0');
    expect(readFileSync(errors, 'utf8')).toBe('');
    // The pipe closed during the first page or two: csm did not go on to fetch all ten.
    expect(await searchRequests()).toBeLessThanOrEqual(2);
  });

  it('with stdout closed, a call is an error on stderr and exit 1, not a silent 0', async () => {
    const result = await shell('exec $CSM api getMarketplaceParticipations >&-', env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^csm: cannot write to stdout: it was closed when csm started; the output is incomplete/,
    );
  });

  it('writing to a full disk (/dev/full) is an error on stderr and exit 1', async () => {
    const result = await shell('$CSM api getMarketplaceParticipations > /dev/full', env);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^csm: cannot write to stdout: ENOSPC: no space left on device/);
  });

  it('discarding output on purpose (> /dev/null) is not a failure', async () => {
    const result = await shell('$CSM api getMarketplaceParticipations > /dev/null', env);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('usage errors exit 2 from the real process too, help and version on stdout', async () => {
    const unknown = await shell('$CSM api getAccount --bogus', env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^csm: unknown option '--bogus'/);
    const missing = await shell('$CSM api getAccount', { ...env, CSM_REFRESH_TOKEN: '' });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/CSM_REFRESH_TOKEN is not set/);
    const version = await shell('$CSM --version', {});
    expect(version).toMatchObject({ code: 0, stderr: '' });
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await shell('$CSM api --help', {});
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(/^Usage: csm api /);
  });
});
