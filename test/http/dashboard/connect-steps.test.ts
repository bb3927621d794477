import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountRepository } from '../../../src/accounts/account-repository.js';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';
import { type ConnectValues, validateConnectStep } from '../../../src/http/dashboard/connect-steps.js';
import { openStore, type Store } from '../../../src/store/index.js';
import { realClock } from '../../../src/time/clock.js';
import { testMasterKey, testVault } from '../../serve/support/accounts.js';
import { freshPgliteStore, type TestStore } from '../../store/support/test-stores.js';

describe("the Connect wizard's steps", () => {
  let emulator: RunningEmulator;
  let test: TestStore;
  let store: Store;
  let accounts: AccountRepository;
  let right: ConnectValues;

  beforeAll(async () => {
    emulator = await startEmulator({ orders: 5, rateLimits: false, sellers: 1 });
    test = await freshPgliteStore();
    store = await openStore(test.config, { notify: () => {} });
    accounts = new AccountRepository(store.db, await testVault(store, testMasterKey()));
    const { credentials } = emulator;
    const seller = credentials.sellers[0]!;
    right = {
      name: 'shop',
      kind: 'seller',
      region: seller.region,
      endpoint: emulator.url,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      refreshToken: seller.refreshToken,
      sellerId: seller.sellerId,
    };
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
    await emulator?.close();
  });

  const deps = () => ({ accounts, clock: realClock });

  it('names a malformed field by its input, and a name already stored', async () => {
    const malformed = await validateConnectStep('account', { ...right, name: 'my shop' }, deps());
    expect(malformed.ok).toBe(false);
    expect(malformed.problems).toEqual([expect.objectContaining({ input: 'name', field: 'account name' })]);
    expect(malformed.checks).toEqual([]);

    const secret = await validateConnectStep('app', { ...right, clientSecret: right.clientId! }, deps());
    expect(secret.problems).toEqual([
      expect.objectContaining({
        input: 'clientSecret',
        problem: expect.stringMatching(/looks like a client id/),
      }),
    ]);
    // No value is repeated in a problem: a secret pasted in the wrong field stays off the screen.
    expect(JSON.stringify(secret)).not.toContain(right.clientId);
  });

  it("checks the authorization live: a wrong client secret fails lwa.client on the app's step, the right one passes", async () => {
    const wrong = `amzn1.oa2-cs.v1.${'0'.repeat(64)}`;
    const refused = await validateConnectStep('authorization', { ...right, clientSecret: wrong }, deps());
    expect(refused.ok).toBe(false);
    expect(refused.problems).toEqual([]);
    const client = refused.checks.find((c) => c.id === 'lwa.client');
    expect(client).toMatchObject({ status: 'fail', step: 'app' });
    expect(client?.cause).toMatch(/LWA refused the client id and secret/);
    expect(JSON.stringify(refused)).not.toContain(wrong);

    const passed = await validateConnectStep('authorization', right, deps());
    expect(passed.ok).toBe(true);
    expect(passed.checks.map((c) => [c.id, c.status])).toEqual(
      expect.arrayContaining([
        ['lwa.client', 'pass'],
        ['lwa.refresh-token', 'pass'],
        ['marketplaces', 'pass'],
      ]),
    );
    // Nothing is stored by a step.
    expect(await accounts.list()).toEqual([]);

    await accounts.add({
      ...right,
      name: 'shop',
      kind: 'seller',
      region: 'na',
      clientId: right.clientId!,
      clientSecret: right.clientSecret!,
      refreshToken: right.refreshToken!,
    });
    const taken = await validateConnectStep('account', right, deps());
    expect(taken.problems).toEqual([
      expect.objectContaining({ input: 'name', problem: 'an account named shop is stored already' }),
    ]);
  });
});
