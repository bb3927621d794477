import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.js';
import type { AccountSource, StoredAccount } from '../../src/cli/config/account-source.js';
import { maskUserinfo } from '../../src/cli/config/parse-endpoint.js';
import { type ConfigFlags, resolveConfig } from '../../src/cli/config/resolve-config.js';

// Well-formed, made-up credentials.
const env = {
  CSM_LWA_CLIENT_ID: `amzn1.application-oa2-client.${'0123456789abcdef'.repeat(2)}`,
  CSM_LWA_CLIENT_SECRET: `amzn1.oa2-cs.v1.${'5ec7e75ec7e7'.repeat(5)}5ec7`,
  CSM_REFRESH_TOKEN: `Atzr|${'refresh-'.repeat(10)}`,
};

const acme: StoredAccount = {
  name: 'acme',
  clientId: `amzn1.application-oa2-client.${'ac3e'.repeat(8)}`,
  clientSecret: `amzn1.oa2-cs.v1.${'ac3e5ec7'.repeat(8)}`,
  refreshToken: `Atzr|${'acme-refresh-'.repeat(6)}`,
  region: 'eu',
};

/** A stored-account source as the account vault will plug in. */
function accounts(...stored: StoredAccount[]): AccountSource {
  return { find: async (name) => stored.find((a) => a.name === name) };
}

async function failure(
  flags: ConfigFlags,
  e: Record<string, string | undefined>,
  source?: AccountSource,
): Promise<string> {
  try {
    await resolveConfig({ flags, env: e, accounts: source });
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as Error).message;
  }
  throw new Error('expected a failure');
}

describe('resolveConfig: flags and environment', () => {
  it('fills every default from the environment alone', async () => {
    expect(await resolveConfig({ flags: {}, env })).toEqual({
      clientId: env.CSM_LWA_CLIENT_ID,
      clientSecret: env.CSM_LWA_CLIENT_SECRET,
      refreshToken: env.CSM_REFRESH_TOKEN,
      credentials: { from: 'environment' },
      endpoint: undefined,
      region: 'na',
      sandbox: false,
    });
  });

  it('takes a flag over its variable, and reduces an endpoint to its origin', async () => {
    const both = { ...env, CSM_REGION: 'fe', CSM_ENDPOINT: 'http://127.0.0.1:9999/' };
    expect(await resolveConfig({ flags: {}, env: both })).toMatchObject({
      region: 'fe',
      endpoint: 'http://127.0.0.1:9999',
    });
    expect(
      await resolveConfig({
        flags: { region: 'EU', endpoint: 'http://localhost:1', sandbox: true },
        env: both,
      }),
    ).toMatchObject({ region: 'eu', endpoint: 'http://localhost:1', sandbox: true });
  });

  it('treats an empty variable as unset, and a missing refresh token as grantless only', async () => {
    const config = await resolveConfig({
      flags: {},
      env: { ...env, CSM_REFRESH_TOKEN: '', CSM_REGION: ' ', CSM_ENDPOINT: '' },
    });
    expect(config).toMatchObject({ refreshToken: undefined, region: 'na', endpoint: undefined });
  });

  it('names the variable or flag of each missing or malformed value, with the fix', async () => {
    expect(await failure({}, { ...env, CSM_LWA_CLIENT_ID: '' })).toMatch(
      /^CSM_LWA_CLIENT_ID is not set: export it with your app's LWA client identifier/,
    );
    expect(await failure({}, { ...env, CSM_LWA_CLIENT_SECRET: undefined })).toMatch(
      /^CSM_LWA_CLIENT_SECRET is not set: export it/,
    );
    expect(await failure({}, { ...env, CSM_LWA_CLIENT_ID: 'amzn1.sellerapps.app.x' })).toMatch(
      /^CSM_LWA_CLIENT_ID: the client id is not of the form amzn1\.application-oa2-client\. .*\. Copy the whole/,
    );
    expect(await failure({}, { ...env, CSM_LWA_CLIENT_SECRET: env.CSM_REFRESH_TOKEN })).toMatch(
      /^CSM_LWA_CLIENT_SECRET: the client secret looks like a refresh token/,
    );
    expect(await failure({ region: 'us' }, env)).toBe(
      "--region 'us' is not a region: use na, eu, fe (na is the default)",
    );
    expect(await failure({}, { ...env, CSM_REGION: 'us' })).toMatch(/^CSM_REGION 'us' is not a region/);
    expect(await failure({}, { ...env, CSM_ENDPOINT: 'ftp://x' })).toMatch(
      /^CSM_ENDPOINT 'ftp:\/\/x' is not an http\(s\) URL: pass a base URL such as http:\/\/127\.0\.0\.1:8080/,
    );
    expect(await failure({ endpoint: 'localhost:8080' }, env)).toMatch(
      /^--endpoint .* is not an http\(s\) URL/,
    );
    expect(await failure({ endpoint: 'not a url' }, env)).toMatch(/^--endpoint 'not a url' is not a URL/);
    expect(await failure({ endpoint: 'http://127.0.0.1:8080/sp?x=1' }, env)).toMatch(
      /^--endpoint .* has a path, query or fragment: pass only scheme, host and port/,
    );
  });

  it('never shows a refresh token, even a malformed one', async () => {
    const message = await failure({}, { ...env, CSM_REFRESH_TOKEN: 'Atza|accesstokenvalue' });
    expect(message).toMatch(/^CSM_REFRESH_TOKEN: the refresh token does not start with Atzr\|/);
    expect(message).not.toContain('accesstokenvalue');
  });

  it('refuses a user name and password in the endpoint without echoing the password', async () => {
    for (const [flags, e, source] of [
      [{ endpoint: 'http://user:hunter2secret@127.0.0.1:8080' }, env, '--endpoint'],
      [{}, { ...env, CSM_ENDPOINT: 'https://admin:hunter2secret@emulator.test/' }, 'CSM_ENDPOINT'],
      [{ endpoint: 'http://user:hunter2/secret@host' }, env, '--endpoint'],
    ] as const) {
      const message = await failure(flags, e);
      expect(message.startsWith(source)).toBe(true);
      expect(message).not.toContain('hunter2');
      expect(message).toMatch(/\*\*\*@/);
    }
  });

  it('masks userinfo in any text', () => {
    expect(maskUserinfo('http://u:p@h:1/x')).toBe('http://***@h:1/x');
    expect(maskUserinfo('u:p@h')).toBe('***@h');
    expect(maskUserinfo('http://h:1')).toBe('http://h:1');
  });
});

describe('resolveConfig: a stored account plugged in', () => {
  it('explains that stored accounts are not there yet when no source is plugged in', async () => {
    expect(await failure({ account: 'acme' }, env)).toMatch(
      /^--account acme: stored accounts are not available in this version yet; set CSM_LWA_CLIENT_ID/,
    );
  });

  it('takes the credentials as one set from the account named by --account, over the environment', async () => {
    const config = await resolveConfig({ flags: { account: 'acme' }, env, accounts: accounts(acme) });
    expect(config).toEqual({
      clientId: acme.clientId,
      clientSecret: acme.clientSecret,
      refreshToken: acme.refreshToken,
      credentials: { from: 'account', name: 'acme' },
      endpoint: undefined,
      region: 'eu',
      sandbox: false,
    });
    // An account without a refresh token does not borrow CSM_REFRESH_TOKEN.
    const grantless = { ...acme, name: 'app', refreshToken: undefined };
    expect(
      (await resolveConfig({ flags: { account: 'app' }, env, accounts: accounts(grantless) })).refreshToken,
    ).toBeUndefined();
  });

  it('ranks flags over the environment over the account for the other settings', async () => {
    const source = accounts({ ...acme, sandbox: true });
    const e = { ...env, CSM_REGION: 'fe' };
    expect(await resolveConfig({ flags: { account: 'acme' }, env: e, accounts: source })).toMatchObject({
      region: 'fe',
      sandbox: true,
    });
    expect(
      await resolveConfig({
        flags: { account: 'acme', region: 'na', sandbox: false },
        env: e,
        accounts: source,
      }),
    ).toMatchObject({ region: 'na', sandbox: false });
  });

  it("sends an account's credentials only to its own host", async () => {
    const emulated = { ...acme, name: 'emu', endpoint: 'http://127.0.0.1:8080/' };
    const source = accounts(acme, emulated);
    expect((await resolveConfig({ flags: { account: 'emu' }, env: {}, accounts: source })).endpoint).toBe(
      'http://127.0.0.1:8080',
    );
    expect(
      await failure({ account: 'acme' }, { ...env, CSM_ENDPOINT: 'http://127.0.0.1:9' }, source),
    ).toMatch(
      /^CSM_ENDPOINT points at http:\/\/127\.0\.0\.1:9, but account acme is connected to Amazon's hosts: its credentials go only there/,
    );
    expect(await failure({ account: 'emu', endpoint: 'http://evil.test' }, {}, source)).toMatch(
      /^--endpoint points at http:\/\/evil\.test, but account emu is connected to http:\/\/127\.0\.0\.1:8080/,
    );
  });

  it('names an account that is not stored', async () => {
    expect(await failure({ account: 'nobody' }, env, accounts(acme))).toBe(
      '--account nobody: no stored account has that name',
    );
    expect(await failure({ account: '' }, env, accounts(acme))).toMatch(/--account needs the name/);
  });
});
