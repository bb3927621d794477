import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { memoryContext } from '../cli/support/memory-context.js';

// The accounts-setup flags of `csm emulator`, in-process through the CLI context.

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('csm emulator --regional-endpoints --draft-app --redirect-uri', () => {
  it('prints the regional endpoints on stderr (stdout keeps one line) and applies the app settings', async () => {
    const memory = memoryContext();
    const run = runCli(
      [
        'node',
        'csm',
        'emulator',
        '--orders',
        '1',
        '--regional-endpoints',
        '--draft-app',
        '--redirect-uri',
        'https://app.example.com/cb',
        '--redirect-uri',
        'http://127.0.0.1:*/callback',
      ],
      memory.context,
    );
    await until(() => memory.stdout().includes('\n'));
    const url = memory.stdout().trim().replace('csm-emulator listening on ', '');
    const line = /^csm-emulator: regional endpoints (na=\S+,eu=\S+,fe=\S+)\n/.exec(memory.stderr());
    expect(line).not.toBeNull();
    const endpoints = Object.fromEntries(
      line![1]!.split(',').map((pair) => pair.split('=') as [string, string]),
    );
    const creds = (await (await fetch(`${url}/_emulator/credentials`)).json()) as { endpoints: unknown };
    expect(creds.endpoints).toEqual(endpoints);
    const oauth = await (await fetch(`${url}/_emulator/app/oauth`)).json();
    expect(oauth).toMatchObject({
      draft: true,
      redirectUris: ['https://app.example.com/cb', 'http://127.0.0.1:*/callback'],
    });
    memory.stop('SIGTERM');
    expect(await run).toBe(0);
    expect(memory.stdout()).toBe(`csm-emulator listening on ${url}\n`);
  });

  it('refuses a redirect URI with a fragment, exit 2, naming the flag', async () => {
    const memory = memoryContext();
    const code = await runCli(
      ['node', 'csm', 'emulator', '--redirect-uri', 'https://a.example/cb#x'],
      memory.context,
    );
    expect(code).toBe(2);
    expect(memory.stdout()).toBe('');
    expect(memory.stderr()).toMatch(/^csm: --redirect-uri: 'https:\/\/a\.example\/cb#x' has a fragment/);
  });
});
