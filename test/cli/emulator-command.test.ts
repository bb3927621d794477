import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { memoryContext } from './support/memory-context.js';

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('csm emulator, in-process through the CLI context', () => {
  it('writes its listening line to the context, serves, and closes on a stop request', async () => {
    const memory = memoryContext();
    const run = runCli(['node', 'csm', 'emulator', '--orders', '5', '--seed', '3'], memory.context);
    await until(() => memory.stdout().includes('\n'));
    const line = memory.stdout();
    expect(line).toMatch(/^csm-emulator listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = line.trim().replace('csm-emulator listening on ', '');
    const credentials = await fetch(`${url}/_emulator/credentials`);
    expect(credentials.status).toBe(200);
    memory.stop('SIGTERM');
    expect(await run).toBe(0);
    expect(memory.stdout()).toBe(line);
    expect(memory.stderr()).toBe('csm-emulator: SIGTERM, closing\n');
    await expect(fetch(`${url}/_emulator/credentials`)).rejects.toThrow();
  });

  it('fails with exit 1 and closes again when its listening line cannot be written', async () => {
    const memory = memoryContext({ stdoutFails: 'ENOSPC' });
    const code = await runCli(['node', 'csm', 'emulator', '--orders', '1'], memory.context);
    expect(code).toBe(1);
    expect(memory.stderr()).toMatch(/^csm: cannot write to stdout: write ENOSPC; the output is incomplete/);
  });

  it('refuses a bad option with exit 2, naming the flag', async () => {
    const memory = memoryContext();
    const code = await runCli(['node', 'csm', 'emulator', '--faults', '429=7'], memory.context);
    expect(code).toBe(2);
    expect(memory.stdout()).toBe('');
    expect(memory.stderr()).toMatch(/^csm: --faults: fault setting '429=7'/);
  });
});
