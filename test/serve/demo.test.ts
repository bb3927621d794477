import { existsSync } from 'node:fs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { finished, spawnCsm } from '../store/support/processes.js';
import { stderrLines } from './support/sync-world.js';

describe('csm demo', () => {
  it('imports both sellers’ orders into a throwaway store, and ends cleanly on Ctrl-C', async () => {
    // A demo that outlives a failed assertion is stopped.
    let demoRef: { kill(signal: NodeJS.Signals): boolean } | undefined;
    onTestFinished(() => {
      demoRef?.kill('SIGKILL');
    });
    // No CSM_* of the caller may reach it: the demo uses its own directory and store whatever is set.
    const demo = spawnCsm(['demo', '--activity', '60'], {
      CSM_DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:1/none',
      CSM_DATA_DIR: '/nonexistent/should-not-be-used',
    });
    demoRef = demo;
    const exit = finished(demo);
    const log = stderrLines(demo);
    const dirLine = await log.waitFor(/a throwaway data directory: /);
    const dir = dirLine.slice(dirLine.indexOf(': /') + 2, dirLine.indexOf(' (removed'));
    expect(existsSync(dir)).toBe(true);
    // 150 orders each, less the few the emulated buyers changed in the last two minutes (Amazon lists a
    // change two minutes after it happens).
    for (const name of ['demo-na', 'demo-eu']) {
      const line = await log.waitFor(new RegExp(`${name}: first sync imported \\d+ orders`));
      expect(Number(/imported (\d+)/.exec(line)?.[1])).toBeGreaterThanOrEqual(140);
    }
    await log.waitFor(/waiting for new orders/);
    demo.kill('SIGINT');
    const ended = await exit;
    expect(ended.code).toBe(0);
    expect(ended.stderr).toContain('SIGINT: stopping');
    expect(ended.stderr).toContain('To do the same with a real seller account');
    expect(ended.stderr).toContain('npx csm connect');
    expect(existsSync(dir)).toBe(false);
    // The pages of the first syncs were shown as they came.
    expect(log.lines).toContainEqual(
      expect.stringMatching(/demo-na: page 1: 100 orders, 100 new or changed/),
    );
  }, 120_000);
});
