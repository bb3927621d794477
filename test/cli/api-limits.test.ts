import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callLimits, waitNotice } from '../../src/cli/api/call-limits.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { csm } from './support/memory-context.js';

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'bin/csm.js');

describe('csm api --timeout and --rate-scale', () => {
  it('turn into the client options: the deadline, attempts of at most 30 s of it, the rate scale', () => {
    expect(callLimits({ timeout: '10' })).toEqual({ callTimeoutMs: 10_000, attemptTimeoutMs: 10_000 });
    expect(callLimits({ timeout: '300' })).toEqual({ callTimeoutMs: 300_000, attemptTimeoutMs: 30_000 });
    expect(callLimits({ timeout: '0.5', rateScale: '20' })).toEqual({
      callTimeoutMs: 500,
      attemptTimeoutMs: 500,
      rateLimit: { rateScale: 20 },
    });
    expect(callLimits({})).toEqual({});
  });

  it('refuse values that are not positive numbers, with exit code 2 and the fix', async () => {
    const env = {
      CSM_LWA_CLIENT_ID: 'amzn1.application-oa2-client.x',
      CSM_LWA_CLIENT_SECRET: 's'.repeat(20),
    };
    for (const [flag, value] of [
      ['--timeout', '0'],
      ['--timeout', '-5'],
      ['--timeout', 'soon'],
      ['--timeout', '1e3'],
      ['--rate-scale', '0'],
      ['--rate-scale', 'fast'],
    ] as const) {
      const result = await csm(['api', 'getMarketplaceParticipations', flag, value], { env });
      expect(result.code, `${flag} ${value}`).toBe(2);
      expect(result.stderr).toContain(`${flag} ${value}:`);
      expect(result.stderr).toMatch(flag === '--timeout' ? /--timeout 60/ : /--rate-scale 20/);
      expect(result.stdout).toBe('');
    }
  });

  it('says a wait longer than 5 s on stderr: what for, how long and why', () => {
    expect(
      waitNotice({
        type: 'wait',
        operation: 'searchOrders',
        attempt: 2,
        for: 'rate-limit',
        waitMs: 178_600,
        reason: "Amazon's searchOrders bucket for this seller is empty",
      }),
    ).toBe(
      "csm api: waiting 179 s for the rate limit of searchOrders: Amazon's searchOrders bucket for this seller is empty\n",
    );
    expect(
      waitNotice({
        type: 'wait',
        operation: 'lwa',
        attempt: 1,
        for: 'response',
        waitMs: 25_000,
        reason: 'slow',
      }),
    ).toBe('csm api: waiting 25 s more at most for the answer of the LWA token request: slow\n');
    expect(
      waitNotice({
        type: 'wait',
        operation: 'getAccount',
        attempt: 2,
        for: 'retry',
        waitMs: 5000,
        reason: 'x',
      }),
    ).toBeUndefined();
  });
});

describe('csm api against hosts that make it wait', () => {
  let silent: Server;
  let silentUrl: string;
  let emulator: RunningEmulator;
  beforeAll(async () => {
    silent = createServer(() => {
      // accepts and never answers
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    // Every searchOrders is a 429: after the first, the retry waits for a token of Amazon's bucket.
    emulator = await startEmulator({
      sellers: 1,
      orders: 10,
      rateScale: 20,
      seed: 2,
      faults: 'searchOrders:429=1',
    });
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise<void>((resolve) => silent.close(() => resolve()));
    await emulator.close();
  });

  it('--timeout bounds a call to a host that never answers: exit 1 with the diagnosis', async () => {
    const env = {
      CSM_LWA_CLIENT_ID: emulator.credentials.clientId,
      CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret,
      CSM_REFRESH_TOKEN: emulator.credentials.sellers[0]!.refreshToken,
      CSM_ENDPOINT: silentUrl,
    };
    const result = await csm(['api', 'getMarketplaceParticipations', '--timeout', '1'], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /no answer from 127\.0\.0\.1:\d+ within the attempt timeout of 1 s|the call deadline of 1 s passed before a complete answer from 127\.0\.0\.1:\d+/,
    );
    expect(result.stderr).toMatch(/cause: /);
    expect(result.stdout).toBe('');
  });

  it('prints on stderr, before it begins, a rate-limit wait of more than 5 s (the real bin)', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'api', 'searchOrders', '-p', 'lastUpdatedAfter=2020-01-01T00:00:00Z', '--rate-scale', '20'],
      {
        env: {
          PATH: process.env.PATH ?? '',
          CSM_LWA_CLIENT_ID: emulator.credentials.clientId,
          CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret,
          CSM_REFRESH_TOKEN: emulator.credentials.sellers[0]!.refreshToken,
          CSM_ENDPOINT: emulator.url,
        },
      },
    );
    let stderr = '';
    const notice = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        const line = stderr.split('\n').find((l) => l.startsWith('csm api: waiting'));
        if (line) resolve(line);
      });
      child.on('exit', () => reject(new Error(`csm ended without a notice: ${stderr}`)));
    });
    child.kill('SIGTERM');
    // 0.0056/s × 20 = 0.112/s: a token every 8.9 s after the 429 emptied the bucket.
    expect(notice).toMatch(/^csm api: waiting [89] s for the rate limit of searchOrders: /);
    expect(notice).toMatch(/refills at 0\.112 per second after a burst of 20/);
    expect(stderr).not.toContain(emulator.credentials.clientSecret);
  });
});
