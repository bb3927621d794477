import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csm } from './support/memory-context.js';

// Well-formed, made-up credentials.
const env = {
  CSM_LWA_CLIENT_ID: `amzn1.application-oa2-client.${'0123456789abcdef'.repeat(2)}`,
  CSM_LWA_CLIENT_SECRET: `amzn1.oa2-cs.v1.${'5ec7e75ec7e7'.repeat(5)}5ec7`,
  CSM_REFRESH_TOKEN: `Atzr|${'refresh-'.repeat(10)}`,
  CSM_ENDPOINT: 'http://127.0.0.1:9',
};
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('csm exit codes: usage errors exit 2', () => {
  it.each([
    ['an unknown option', ['api', 'getAccount', '--bogus'], /^csm: unknown option '--bogus'\n/],
    [
      'an option without its value',
      ['api', 'getAccount', '--param'],
      /^csm: option .*--param <name=value>.* argument missing/,
    ],
    ['an unknown command', ['frobnicate'], /^csm: unknown command 'frobnicate'/],
    ['an extra argument', ['api', 'getAccount', 'extra'], /^csm: too many arguments/],
    ['an emulator flag value', ['emulator', '--port', 'abc'], /--port expects a number, got 'abc'/],
    ['no operation', ['api'], /^csm: name an operation/],
    [
      'an unknown operation',
      ['api', 'getAcount'],
      /^csm: unknown operation 'getAcount': did you mean getAccount\?/,
    ],
    ['a missing required parameter', ['api', 'getOrderItems'], /^csm: getOrderItems needs --param orderId=/],
    ['--json without --list', ['api', 'getAccount', '--json'], /^csm: --json goes with --list only/],
  ])('%s', async (_, args, message) => {
    const result = await csm(args, { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('no command at all prints the help on stderr', async () => {
    const result = await csm([], { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^Usage: csm /);
  });

  it('a missing refresh token names CSM_REFRESH_TOKEN, not the library option', async () => {
    const result = await csm(['api', 'getAccount'], { env: { ...env, CSM_REFRESH_TOKEN: undefined } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^csm: getAccount acts for a seller, and CSM_REFRESH_TOKEN is not set: /);
    expect(result.stderr).not.toMatch(/refreshToken/);
  });

  it('refuses a user name and password in the endpoint without printing the password', async () => {
    for (const args of [
      ['api', 'getAccount', '--endpoint', 'http://me:pa55w0rd-x@127.0.0.1:9'],
      ['api', 'getAccount'],
    ]) {
      const result = await csm(args, { env: { ...env, CSM_ENDPOINT: 'http://me:pa55w0rd-x@127.0.0.1:9' } });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(
        /(--endpoint|CSM_ENDPOINT) 'http:\/\/\*\*\*@127\.0\.0\.1:9\/?' has a user name/,
      );
      expect(result.stderr).not.toContain('pa55w0rd');
    }
  });
});

describe('csm --help and --version', () => {
  it('print on stdout and exit 0', async () => {
    for (const args of [['--help'], ['-h'], ['api', '--help'], ['emulator', '--help'], ['help', 'api']]) {
      const result = await csm(args, { env });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toMatch(/^Usage: csm /);
    }
    const result = await csm(['--version'], { env });
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});

describe('csm output that cannot be written', () => {
  it('a reader that closed the pipe ends csm quietly with 0', async () => {
    const result = await csm(['api', '--list'], { env, stdoutFails: 'EPIPE' });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('any other write failure is an error on stderr and exit 1, for help and version too', async () => {
    for (const args of [['api', '--list'], ['--help'], ['--version']]) {
      const result = await csm(args, { env, stdoutFails: 'ENOSPC' });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^csm: cannot write to stdout: .*ENOSPC; the output is incomplete/);
    }
  });
});

describe('csm messages never carry a secret of the environment', () => {
  it('blanks a secret out of a message that quotes it', async () => {
    // Pasted where a name=value pair belongs: the message quotes the argument.
    const result = await csm(['api', 'getOrderItems', '--param', env.CSM_REFRESH_TOKEN], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^csm: --param \[REDACTED\]: write it as name=value/);
    expect(result.stderr).not.toContain(env.CSM_REFRESH_TOKEN);
  });
});
