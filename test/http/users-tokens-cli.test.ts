import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { buildHttpApp } from '../../src/http/index.js';
import { openStore, type Store } from '../../src/store/index.js';
import { memoryContext } from '../cli/support/memory-context.js';
import { insertSellers, testMasterKey, testVault } from '../serve/support/accounts.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';

describe('csm users and csm tokens', () => {
  let test: TestStore;
  let store: Store;

  beforeAll(async () => {
    test = await freshPgliteStore();
    store = await openStore(test.config, { notify: () => {} });
    const vault = await testVault(store, testMasterKey());
    await insertSellers(store, vault, [
      { name: 's1', sellerId: 'SELLER1' },
      { name: 's2', sellerId: 'SELLER2' },
    ]);
  });
  afterAll(async () => {
    await store?.close();
    await test?.dispose();
  });

  /** `csm ARGS` in this process, on the test store (reached through its owner's socket), with `stdin`. */
  async function csm(args: readonly string[], stdin?: string) {
    const memory = memoryContext({ env: { CSM_DATA_DIR: test.dataDir, USER: 'tester' } });
    const context =
      stdin === undefined ? memory.context : { ...memory.context, stdin: Readable.from([stdin]) };
    const code = await runCli(['node', 'csm', ...args], context);
    return { code, stdout: memory.stdout(), stderr: memory.stderr() };
  }

  it('adds users with a password from stdin, limits and permissions, and lists them', async () => {
    const added = await csm(
      ['users', 'add', 'carol', '--pii', '--accounts', 's2', '--password-stdin'],
      'carol-password-3\n',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'added user carol (user, pii; accounts: s2)\n' });
    expect(
      (await csm(['users', 'add', 'dan', '--admin', '--password-stdin'], 'dan-password-44\n')).code,
    ).toBe(0);

    const list = await csm(['users', 'list', '--json']);
    expect(
      list.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toMatchObject([
      { name: 'carol', admin: false, pii: true, accounts: ['s2'] },
      { name: 'dan', admin: true, pii: false, accounts: null },
    ]);
    const app = await buildHttpApp({ db: store.db });
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      payload: { name: 'carol', password: 'carol-password-3' },
    });
    expect(login.statusCode).toBe(200);
    await app.close();
    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user.add')
      .execute();
    expect(audit.map((a) => [a.actor_kind, a.actor])).toEqual([
      ['cli', 'tester'],
      ['cli', 'tester'],
    ]);
  });

  it('refuses a short password, a taken name, an unknown account, and a terminal-less prompt, with the fix', async () => {
    const short = await csm(['users', 'add', 'eve', '--password-stdin'], 'short\n');
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('the password must have at least 10 characters');
    const taken = await csm(['users', 'add', 'carol', '--password-stdin'], 'another-password\n');
    expect(taken.stderr).toContain("a user named 'carol' exists already");
    const unknown = await csm(
      ['users', 'add', 'eve', '--accounts', 's9', '--password-stdin'],
      'eve-password-55\n',
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--accounts: no stored account is named s9; known: s1, s2');
    const noTerminal = await csm(['users', 'add', 'eve']);
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('pipe it with --password-stdin');
  });

  it('creates a token printed once alone on the last line, lists without it, and revokes it', async () => {
    const created = await csm(['tokens', 'create', '--name', 'erp', '--scope', 'write']);
    expect(created.code).toBe(0);
    const lines = created.stdout.split('\n').filter((l) => l !== '');
    const token = lines.at(-1) ?? '';
    expect(token).toMatch(/^csm_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toContain('created write token erp (accounts: all); it is shown this once');

    const app = await buildHttpApp({ db: store.db });
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json()).toMatchObject({ user: { name: 'erp', scope: 'write' } });

    const list = await csm(['tokens', 'list']);
    expect(list.stdout).toMatch(/^NAME +SCOPE +PII +ACCOUNTS/);
    expect(list.stdout).toContain('erp');
    expect(list.stdout).not.toContain(token);
    expect((await csm(['tokens', 'list', '--json'])).stdout).not.toContain(token.slice(4));

    const badScope = await csm(['tokens', 'create', '--name', 'x', '--scope', 'admin']);
    expect(badScope.code).toBe(2);
    expect(badScope.stderr).toContain("argument 'admin' is invalid");

    expect(await csm(['tokens', 'revoke', '--name', 'erp'])).toMatchObject({
      code: 0,
      stdout: 'revoked token erp\n',
    });
    const after = await app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(401);
    const again = await csm(['tokens', 'revoke', '--name', 'erp']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("no live token is named 'erp'");
    await app.close();
  });
});
