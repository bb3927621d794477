import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_OPERATIONS } from '../../src/amazon/index.js';
import type { AccountSource } from '../../src/cli/config/account-source.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type CsmRun, csm } from './support/memory-context.js';

// Fuzzes `csm api`'s argument parsing in-process, against the real emulator for the calls that get that
// far: whatever the arguments and the environment, csm ends with a usage error (2), Amazon's refusal (1) or
// success (0), never an internal error or a stack trace, and never prints a secret of its environment.

const paramNames = [...new Set(ALL_OPERATIONS.flatMap((op) => op.params.map((p) => p.name)))];
const keys = ALL_OPERATIONS.map((op) => op.key);

describe('csm api argument fuzzing', () => {
  let emulator: RunningEmulator;
  let secrets: string[];
  let env: Record<string, string>;
  let accounts: AccountSource;
  const dir = mkdtempSync(path.join(tmpdir(), 'csm-fuzz-'));
  const goodBody = path.join(dir, 'good.json');
  const badBody = path.join(dir, 'bad.json');
  writeFileSync(goodBody, '{"restrictedResources":[{"method":"GET","path":"/orders/v0/orders"}]}');
  writeFileSync(badBody, '{"restrictedResources": [');

  beforeAll(async () => {
    emulator = await startEmulator({ sellers: 1, orders: 5, rateLimits: false, seed: 11 });
    const { clientId, clientSecret, sellers } = emulator.credentials;
    const refreshToken = sellers[0]!.refreshToken;
    secrets = [clientSecret, refreshToken];
    env = {
      CSM_LWA_CLIENT_ID: clientId,
      CSM_LWA_CLIENT_SECRET: clientSecret,
      CSM_REFRESH_TOKEN: refreshToken,
      CSM_ENDPOINT: emulator.url,
    };
    accounts = {
      find: async (name) =>
        name === 'emu' ? { name, clientId, clientSecret, refreshToken, endpoint: emulator.url } : undefined,
    };
  });
  afterAll(() => emulator.close());

  /** 0, 1 or 2 with a clear message, never a stack trace or a secret of the environment. */
  function expectCleanEnd(result: CsmRun): void {
    expect([0, 1, 2]).toContain(result.code);
    if (result.code !== 0) expect(result.stderr).toMatch(/^csm: /);
    if (result.code === 2) expect(result.stdout).toBe('');
    expect(result.stderr).not.toMatch(/internal error|\n\s+at /);
    for (const secret of secrets) {
      expect(result.stderr).not.toContain(secret);
      expect(result.stdout).not.toContain(secret);
    }
  }

  it('ends every run with 0, 1 or 2, a clear message, and no secret printed', async () => {
    // A value is sometimes a secret itself, pasted in the wrong place.
    const secret = fc.constantFrom(0, 1).map((i) => secrets[i]!);
    const text = fc.oneof(fc.string(), fc.fullUnicodeString({ maxLength: 40 }), secret);
    const value = fc.oneof(
      text,
      fc.constantFrom('ATVPDKIKX0DER', '2020-01-01T00:00:00Z', '1', '0', '-1', '101', 'BUYER,RECIPIENT', ''),
    );
    const pair = fc.oneof(
      fc.tuple(fc.oneof(fc.constantFrom(...paramNames), text), value).map(([n, v]) => `${n}=${v}`),
      text,
    );
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      text,
      fc.constantFrom(`@${goodBody}`, `@${badBody}`, `@${path.join(dir, 'missing.json')}`, '@', '{'),
    );
    const endpoint = fc.oneof(
      fc.constant(emulator.url),
      text,
      secret.map((s) => `http://user:${s}@127.0.0.1:9`),
      fc.constantFrom('ftp://127.0.0.1', `${emulator.url}/path`, `${emulator.url}?q=1`, 'http://', '::'),
    );
    const option = fc.oneof(
      { weight: 5, arbitrary: pair.map((p) => ['--param', p]) },
      { weight: 2, arbitrary: pair.map((p) => [`-p${p}`]) },
      { weight: 2, arbitrary: body.map((b) => ['--body', b]) },
      fc.constantFrom(['--all-pages'], ['--list'], ['--json'], ['--sandbox'], ['--param'], ['--body']),
      fc.oneof(fc.constantFrom('na', 'eu', 'fe', 'NA', ''), text).map((r) => ['--region', r]),
      endpoint.map((e) => ['--endpoint', e]),
      fc.oneof(fc.constant('emu'), text).map((a) => ['--account', a]),
      text.map((t) => [t]),
      text.map((t) => [`--${t}`]),
    );
    const operation = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...keys) },
      fc.constantFrom('getOrder', '', '--list'),
      text,
    );
    const args = fc
      .tuple(operation, fc.array(option, { maxLength: 6 }))
      .map(([op, options]) => ['api', op, ...options.flat()]);
    // The environment varies too: a missing refresh token, a bad region, an endpoint with a password.
    const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
    const environment = fc.record({
      CSM_REFRESH_TOKEN: sometimes(fc.constantFrom('', 'Atza|not-a-refresh-token')),
      CSM_REGION: sometimes(fc.oneof(fc.constantFrom('eu', 'xx'), text)),
      CSM_ENDPOINT: sometimes(endpoint),
    });

    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(args, environment, async (argv, changes) => {
        const overrides = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
        const result = await csm(argv, { env: { ...env, ...overrides }, accounts });
        seen.set(result.code, (seen.get(result.code) ?? 0) + 1);
        expectCleanEnd(result);
      }),
      { numRuns: 1000, seed: 20260101 },
    );
    // The runs reached every outcome: usage errors, Amazon's refusals and successful calls.
    expect([...seen.keys()].sort()).toEqual([0, 1, 2]);
  });

  it("passes any values of an operation's own parameters to the emulator without crashing", async () => {
    const text = fc.oneof(fc.string(), fc.fullUnicodeString({ maxLength: 30 }), fc.constantFrom(...secrets));
    const call = fc
      .constantFrom(...ALL_OPERATIONS)
      .chain((op) =>
        fc
          .array(fc.tuple(fc.constantFrom(...op.params.map((p) => p.name), 'x'), text), { maxLength: 4 })
          .map((pairs) => [
            'api',
            op.key,
            ...pairs.flatMap(([name, value]) => ['--param', `${name}=${value}`]),
            ...(op.params.some((p) => p.in === 'body') ? ['--body', '{}'] : []),
          ]),
      );
    const seen = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(call, async (argv) => {
        const result = await csm(argv, { env, accounts });
        seen.set(result.code, (seen.get(result.code) ?? 0) + 1);
        expectCleanEnd(result);
      }),
      { numRuns: 300, seed: 20260102 },
    );
    expect(seen.get(1)).toBeGreaterThan(0);
  });
});
