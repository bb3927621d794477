import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { storeAccountSource } from '../../src/cli/config/account-source.js';
import { runCli } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { csm, memoryContext } from '../cli/support/memory-context.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';
import { FakeTerminal, KEY } from './support/fake-terminal.js';
import { consentUrlIn, playConsent } from './support/play-consent.js';

const MASTER_KEY = Buffer.alloc(32, 5).toString('base64');

describe('csm connect: the wizard and the OAuth flow against the emulator', () => {
  let store: TestStore;
  let emulator: RunningEmulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    store = await freshPgliteStore();
    emulator = await startEmulator({ orders: 20, rateLimits: false, sellers: 2 });
    env = { CSM_DATA_DIR: store.dataDir, CSM_MASTER_KEY: MASTER_KEY };
  });
  afterAll(async () => {
    await emulator?.close();
    await store?.dispose();
  });

  /** Starts `csm ARGS` in-process; the test reads its output while it runs. */
  function start(args: string[], options: { terminal?: FakeTerminal; env?: Record<string, string> } = {}) {
    const all = { ...env, ...options.env };
    const memory = memoryContext({
      env: all,
      accounts: storeAccountSource(all, () => {}),
      ...(options.terminal ? { terminal: options.terminal } : {}),
    });
    return { memory, done: runCli(['node', 'csm', ...args], memory.context) };
  }

  it('drives the wizard end to end: each step explains where the value is, secrets are masked, typos are named', async () => {
    const terminal = new FakeTerminal();
    const seller = emulator.credentials.sellers[1]!; // Europe
    const { memory, done } = start(['connect', '--endpoint', emulator.url], { terminal });
    await terminal.answer('Account name', `wizard-eu${KEY.enter}`);
    await terminal.answer('Kind of account', KEY.enter);
    await terminal.answer('Region', `${KEY.down}${KEY.enter}`);
    await terminal.answer('LWA client id', `${emulator.credentials.clientId}${KEY.enter}`);
    // A refresh token pasted as the secret is named at once; then the real one.
    await terminal.answer('LWA client secret', `${seller.refreshToken}${KEY.enter}`);
    await terminal.waitFor('the client secret looks like a refresh token');
    terminal.input.write(`${KEY.backspace.repeat(120)}${emulator.credentials.clientSecret}${KEY.enter}`);
    await terminal.answer('Secret created on', KEY.enter);
    await terminal.answer('How to get the refresh token', KEY.enter);
    await terminal.answer('Refresh token', `${seller.refreshToken}${KEY.enter}`);
    await terminal.answer('Seller id', `${seller.sellerId}${KEY.enter}`);
    await terminal.answer('Check and store legacy AWS keys too?', KEY.enter);
    const code = await done;

    expect(memory.stderr()).not.toContain('csm: ');
    expect(code).toBe(0);
    expect(memory.stdout()).toMatch(
      new RegExp(`^connected wizard-eu: seller, region eu, seller id ${seller.sellerId}, \\d marketplaces`),
    );
    // One explanation per step, quoting where Seller Central shows the value.
    expect(terminal.text).toContain(
      'Found at Seller Central > Partner Network > Develop Apps > your app > LWA credentials > View: "Client identifier"',
    );
    expect(terminal.text).toContain(
      'Seller Central > Settings > Account Info > Business Information > Merchant Token',
    );
    expect(terminal.text).toContain('the arrow beside Edit App > Authorize app');
    // Secrets are never drawn, only their mask.
    expect(terminal.text).not.toContain(emulator.credentials.clientSecret);
    expect(terminal.text).not.toContain(seller.refreshToken);
    expect(terminal.text).toMatch(/LWA client secret \*{20,}/);
    const shown = await csm(['accounts', 'show', 'wizard-eu', '--json'], { env });
    expect(JSON.parse(shown.stdout)).toMatchObject({
      name: 'wizard-eu',
      region: 'eu',
      sellerId: seller.sellerId,
    });
  });

  it('runs the OAuth flow end to end: consent URL, approval, redirect to the listener, code exchange, seller id', async () => {
    const { memory, done } = start(
      [
        'connect',
        '--non-interactive',
        '--oauth',
        '--name',
        'oauth-na',
        '--endpoint',
        emulator.url,
        '--client-id',
        emulator.credentials.clientId,
        '--application-id',
        emulator.credentials.applicationId,
      ],
      { env: { CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret } },
    );
    await vi.waitFor(() => expect(consentUrlIn(memory.stderr())).toBeDefined(), { timeout: 20_000 });
    const url = new URL(consentUrlIn(memory.stderr())!);
    expect(url.origin + url.pathname).toBe(`${emulator.url}/apps/authorize/consent`);
    expect(url.searchParams.get('application_id')).toBe(emulator.credentials.applicationId);
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('version')).toBeNull();
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(memory.stderr()).toMatch(
      /waiting up to 5 min for the browser to come back to http:\/\/127\.0\.0\.1:\d+\/callback/,
    );

    // A request with another state is turned away, and the wait goes on.
    const forged = new URL(url.searchParams.get('redirect_uri')!);
    forged.search = 'state=forged&spapi_oauth_code=x';
    expect((await fetch(forged)).status).toBe(400);
    await vi.waitFor(() => expect(memory.stderr()).toContain('ignored a request to'));

    const played = await playConsent(url.href);
    expect(played.redirected?.status).toBe(200);
    expect(played.redirected?.location).toMatch(/spapi_oauth_code=/);
    const code = await done;
    expect(memory.stderr()).not.toMatch(/^csm: /m);
    expect(code).toBe(0);
    const seller = emulator.credentials.sellers[0]!;
    expect(memory.stdout()).toMatch(
      new RegExp(`^connected oauth-na: seller, region na, seller id ${seller.sellerId}`),
    );
    // The new refresh token (not seller 1's original) works for csm api.
    const call = await csm(['api', 'getMarketplaceParticipations', '--account', 'oauth-na'], {
      env,
      accounts: storeAccountSource(env, () => {}),
    });
    expect(call.code).toBe(0);
  });

  it('a Draft app without --draft: the page shows MD1000, and csm names its cause and fix when stopped', async () => {
    await fetch(`${emulator.url}/_emulator/app/oauth`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ draft: true }),
    });
    try {
      const args = (draft: boolean) => [
        'connect',
        '--non-interactive',
        '--oauth',
        ...(draft ? ['--draft'] : []),
        '--name',
        draft ? 'draft-ok' : 'draft',
        '--endpoint',
        emulator.url,
        '--client-id',
        emulator.credentials.clientId,
        '--application-id',
        emulator.credentials.applicationId,
      ];
      const secret = { CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret };
      const { memory, done } = start(args(false), { env: secret });
      await vi.waitFor(() => expect(consentUrlIn(memory.stderr())).toBeDefined(), { timeout: 20_000 });
      const played = await playConsent(consentUrlIn(memory.stderr())!);
      expect(played).toMatchObject({ status: 400, errorCode: 'MD1000' });
      memory.stop('SIGINT');
      expect(await done).toBe(1);
      expect(memory.stderr()).toMatch(
        /csm: stopped while waiting for the answer at .*; nothing was stored\. If the consent page showed an error code:\n {2}MD1000: the app is still a Draft and the consent URL lacks version=beta; run csm connect --oauth again with --draft/,
      );
      expect((await csm(['accounts', 'show', 'draft'], { env })).code).toBe(2);

      // With --draft the URL carries version=beta and the flow completes.
      const again = start(args(true), { env: secret });
      await vi.waitFor(() => expect(consentUrlIn(again.memory.stderr())).toBeDefined(), { timeout: 20_000 });
      const url = consentUrlIn(again.memory.stderr())!;
      expect(new URL(url).searchParams.get('version')).toBe('beta');
      expect((await playConsent(url)).redirected?.status).toBe(200);
      expect(await again.done).toBe(0);
    } finally {
      await fetch(`${emulator.url}/_emulator/app/oauth`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ draft: false }),
      });
    }
  });

  it('the seller denying the app stores nothing and says so', async () => {
    const { memory, done } = start(
      [
        'connect',
        '--non-interactive',
        '--oauth',
        '--name',
        'denied',
        '--endpoint',
        emulator.url,
        '--client-id',
        emulator.credentials.clientId,
        '--application-id',
        emulator.credentials.applicationId,
      ],
      { env: { CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret } },
    );
    await vi.waitFor(() => expect(consentUrlIn(memory.stderr())).toBeDefined(), { timeout: 20_000 });
    await playConsent(consentUrlIn(memory.stderr())!, 'deny');
    expect(await done).toBe(1);
    expect(memory.stderr()).toMatch(
      /csm: the authorization was not given \(access_denied\): nothing was stored/,
    );
  });

  it('without a terminal and without --non-interactive, csm connect says how to run it', async () => {
    const result = await csm(['connect'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('csm connect asks its questions in a terminal, and stdin is not one');
  });
});
