import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { csm, memoryContext } from '../cli/support/memory-context.js';
import {
  asSynced,
  byId,
  groundTruth,
  type SyncWorld,
  setFaults,
  storedOrders,
  syncWorld,
} from './support/sync-harness.js';

describe('csm sync', () => {
  let world: SyncWorld;
  let env: Record<string, string>;
  beforeAll(async () => {
    world = await syncWorld({ emulator: { seed: 41, orders: 150, sellers: 2 } });
    env = { CSM_DATA_DIR: world.test.dataDir, CSM_MASTER_KEY: world.masterKey };
  });
  afterAll(async () => {
    await world?.close();
  });

  it('syncs every seller account: plain progress lines on stderr, a summary per account on stdout', async () => {
    const run = await csm(['sync'], { env });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(
      /^csm sync: seller-1: orders last updated \S+ – \S+ \(Orders API 2026-01-01\)$/m,
    );
    expect(run.stderr).toMatch(
      /^csm sync: seller-2: page 2: 50 orders, 50 new or changed \(150 so far\), last page$/m,
    );
    expect(run.stderr).toMatch(
      /^csm sync: seller-1: done: 2 pages, 150 orders \(150 new, 0 updated\), synced up to /m,
    );
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^ACCOUNT\s+OUTCOME\s+PAGES\s+ORDERS\s+NEW\s+UPDATED\s+RECHECKED\s+429S\s+SYNCED UP TO\s+TIME$/,
    );
    expect(lines[1]).toMatch(/^seller-1\s+complete\s+2\s+150\s+150\s+0\s+0\s+0\s+\d{4}-/);
    expect(lines[2]).toMatch(/^seller-2\s+complete\s+2\s+150\s+150\s+0\s+0\s+0\s+/);
    for (const [i, target] of world.targets.entries()) {
      const truth = await groundTruth(world.emulator, world.targets[i]!.sellerId);
      expect(byId(await storedOrders(world, target.accountId))).toEqual(byId(truth.map((o) => asSynced(o))));
    }
  });

  it('syncs one account with --account, and prints JSON with --json', async () => {
    const run = await csm(['sync', '--account', 'seller-2', '--json'], { env });
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as {
      account: string;
      outcome: string;
      created: number;
      unchanged: number;
    };
    expect(summary).toMatchObject({ account: 'seller-2', outcome: 'complete', created: 0 });
    expect(run.stderr).not.toMatch(/seller-1/);
  });

  it('draws progress bars on a terminal', async () => {
    const memory = memoryContext({ env });
    const code = await runCli(['node', 'csm', 'sync', '--account', 'seller-1', '--since', '40d'], {
      ...memory.context,
      stderrIsTTY: true,
    });
    expect(code).toBe(0);
    const ESC = String.fromCharCode(27);
    expect(memory.stderr()).toContain(`${ESC}[2Kseller-1`);
    expect(memory.stderr()).toMatch(
      /seller-1\s+█{20} 100%\s+page 2\s+150 orders \(0 new or changed\)\s+done in/,
    );
  });

  it('stops on SIGTERM: the page in flight is dropped, exit 1, and the next run resumes where it stopped', async () => {
    await setFaults(world.emulator, 'searchOrders:latency=300');
    const memory = memoryContext({ env });
    const running = runCli(
      ['node', 'csm', 'sync', '--account', 'seller-1', '--since', '40d'],
      memory.context,
    );
    const poll = setInterval(() => {
      if (/page 1:/.test(memory.stderr())) memory.stop('SIGTERM');
    }, 20);
    const code = await running;
    clearInterval(poll);
    await setFaults(world.emulator, '');
    expect(code).toBe(1);
    expect(memory.stderr()).toMatch(/SIGTERM: stopping/);
    expect(memory.stderr()).toMatch(/csm: stopped: committed pages stay, and the next csm sync resumes/);
    expect(memory.stdout()).toMatch(/seller-1\s+aborted\s+1\s+100/);
    const next = await csm(['sync', '--account', 'seller-1'], { env });
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toMatch(/resuming after page 1, where an earlier sync stopped/);
  });

  it.each([
    [['sync', '--since', '2999-01-01'], /--since 2999-01-01T00:00:00.000Z is in the future/],
    [['sync', '--since', 'last week'], /--since 'last week' is not a date/],
    [
      ['sync', '--since', '1m'],
      /--since \S+ is within the last two minutes, which Amazon does not serve yet/,
    ],
    [['sync', '--api', 'v1'], /--api 'v1' is not an Orders API version csm syncs: use 2026-01-01 or v0/],
  ])('bad input %j: exit 2 with the fix, the store not even opened', async (args, message) => {
    const dataDir = path.join(world.test.dataDir, 'never-created');
    const run = await csm(args, { env: { CSM_DATA_DIR: dataDir } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('an unknown account: exit 2 naming the stored ones', async () => {
    const run = await csm(['sync', '--account', 'nope'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--account nope: no account named nope is stored: the stored ones are seller-1, seller-2/,
    );
  });
});
