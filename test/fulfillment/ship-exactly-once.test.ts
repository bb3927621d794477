import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShipmentView } from '../../src/fulfillment/index.js';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import { csm } from '../cli/support/memory-context.js';
import { finished, spawnCsm, waitForLine } from '../store/support/processes.js';
import { confirmations, type ShipWorld, setFaults, shipWorld, unshipped } from './support/ship-world.js';

/**
 * A crash between sending a package and recording Amazon's answer must never lead to a second
 * confirmation: the emulator's ledger (`/_emulator/stats` confirmations) counts every confirmation Amazon
 * accepts, repeats included.
 */
describe('csm ship: exactly once across lost answers and crashes', () => {
  let world: ShipWorld;
  let open: AmazonOrder[];

  beforeAll(async () => {
    world = await shipWorld({ seed: 32, orders: 120, days: 1 });
    open = unshipped(await world.truth());
    expect(open.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('an answer lost after Amazon applied the confirmation (drop-after): reconciled, not sent again', async () => {
    const order = open[0]!;
    await setFaults(world.emulator, 'confirmShipment:drop-after=1');
    try {
      const run = await csm(
        ['ship', order.orderId, '--carrier', 'FedEx', '--tracking', '794612345678', '--json'],
        {
          env: world.env,
        },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/trying again at/);
      expect(run.stderr).toMatch(/the last attempt has no recorded answer: asking Amazon for the order/);
      const [shipment] = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as ShipmentView);
      expect(shipment?.status).toBe('confirmed');
      expect(shipment?.packages[0]).toMatchObject({ status: 'confirmed', reconciled: true, attempts: 2 });
    } finally {
      await setFaults(world.emulator, '');
    }
    expect((await confirmations(world.emulator))[order.orderId]).toEqual({
      '1': { count: 1, confirmShipment: 1, feed: 0 },
    });
    const truth = (await world.truth()).find((o) => o.orderId === order.orderId)!;
    expect(truth.fulfillment?.fulfillmentStatus).toBe('SHIPPED');
    expect(truth.packages?.map((p) => p.trackingNumber)).toEqual(['794612345678']);
  }, 90_000);

  it('csm ship killed (SIGKILL) while Amazon applies the confirmation: the next run records it, sends nothing', async () => {
    const order = open[1]!;
    const args = ['ship', order.orderId, '--carrier', 'DHL', '--tracking', 'JD014600003828'];
    // Amazon takes 8 s to answer: the process is killed after it sent, before it could record anything.
    await setFaults(world.emulator, 'confirmShipment:latency=8000');
    const child = spawnCsm(args, world.env);
    const exit = finished(child);
    try {
      await waitForLine(child, 'stderr', /waiting for Amazon's answer to 1 package/);
      child.kill('SIGKILL');
      expect((await exit).signal).toBe('SIGKILL');
      // The confirmation lands once the emulator's delay is over.
      for (let i = 0; i < 60 && !(await confirmations(world.emulator))[order.orderId]; i++) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      child.kill('SIGKILL');
      await setFaults(world.emulator, '');
    }
    expect((await confirmations(world.emulator))[order.orderId]).toEqual({
      '1': { count: 1, confirmShipment: 1, feed: 0 },
    });

    const again = await csm([...args, '--json'], { env: world.env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/was stored before \(sending\)/);
    expect(again.stderr).toMatch(/no recorded answer: asking Amazon for the order/);
    const shipment = JSON.parse(again.stdout.trim()) as ShipmentView;
    expect(shipment.packages[0]).toMatchObject({ status: 'confirmed', reconciled: true });
    expect((await confirmations(world.emulator))[order.orderId]).toEqual({
      '1': { count: 1, confirmShipment: 1, feed: 0 },
    });
    const held = await csm(['orders', 'list', '--holding', 'complete', '--json'], { env: world.env });
    expect(held.stdout).toContain(order.orderId);
  }, 120_000);
});
