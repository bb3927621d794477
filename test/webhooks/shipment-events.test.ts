import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshShipment } from '../../src/fulfillment/record-outcome.js';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import { csm } from '../cli/support/memory-context.js';
import { type ShipWorld, shipWorld, unshipped } from '../fulfillment/support/ship-world.js';

describe('shipment events', () => {
  let world: ShipWorld;
  let open: AmazonOrder[];

  beforeAll(async () => {
    world = await shipWorld({ seed: 41, orders: 60, days: 1 });
    open = unshipped(await world.truth());
    expect(open.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('shipment.confirmed once a shipment is confirmed at Amazon, in the transaction that records it', async () => {
    const order = open[0]!;
    const run = await csm(['ship', order.orderId, '--carrier', 'ups', '--tracking', '1Z999AA10123456784'], {
      env: world.env,
    });
    expect(run.code, run.stderr).toBe(0);
    const store = await world.open();
    try {
      const events = await store.db
        .selectFrom('events')
        .select(['type', 'subject', 'data'])
        .where('type', 'like', 'shipment.%')
        .execute();
      const shipment = await store.db
        .selectFrom('shipments')
        .select(['id', 'status'])
        .where('order_id', '=', order.orderId)
        .executeTakeFirstOrThrow();
      expect(shipment.status).toBe('confirmed');
      expect(events).toEqual([
        {
          type: 'shipment.confirmed',
          subject: shipment.id,
          data: expect.objectContaining({
            shipmentId: shipment.id,
            orderId: order.orderId,
            packages: [
              expect.objectContaining({
                packageReferenceId: '1',
                status: 'confirmed',
                carrierCode: 'UPS',
                trackingNumber: '1Z999AA10123456784',
              }),
            ],
          }),
        },
      ]);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('shipment.failed when a package fails for good, once, with the reason', async () => {
    const store = await world.open();
    try {
      const shipment = await store.db.selectFrom('shipments').select('id').executeTakeFirstOrThrow();
      const now = new Date();
      for (let i = 0; i < 2; i++) {
        await store.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('shipment_packages')
            .set({ status: 'failed', failure_reason: 'Amazon answered 400 InvalidInput' })
            .where('shipment_id', '=', shipment.id)
            .execute();
          await refreshShipment(trx, shipment.id, now);
        });
      }
      const failed = await store.db
        .selectFrom('events')
        .select(['subject', 'data'])
        .where('type', '=', 'shipment.failed')
        .execute();
      expect(failed).toEqual([
        {
          subject: shipment.id,
          data: expect.objectContaining({ reason: 'package 1: Amazon answered 400 InvalidInput' }),
        },
      ]);
    } finally {
      await store.close();
    }
  });
});
