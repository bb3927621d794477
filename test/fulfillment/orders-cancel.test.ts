import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acknowledgementXml } from '../../src/fulfillment/index.js';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import { csm } from '../cli/support/memory-context.js';
import { type ShipWorld, shipWorld, unshipped } from './support/ship-world.js';

describe('csm orders cancel (POST_ORDER_ACKNOWLEDGEMENT_DATA)', () => {
  let world: ShipWorld;
  let truth: AmazonOrder[];

  const feeds = async () => {
    const res = await fetch(`${world.emulator.url}/_emulator/feeds?sellerId=${world.sellerId}`);
    return ((await res.json()) as { feeds: { feedType: string; processingStatus: string }[] }).feeds;
  };

  beforeAll(async () => {
    world = await shipWorld({ seed: 35, orders: 120, days: 1 });
    truth = await world.truth();
    // Feeds are processed at once (Amazon takes minutes; the flow is the same).
    const res = await fetch(`${world.emulator.url}/_emulator/processing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inQueueMs: 0, inProgressMs: 0 }),
    });
    expect(res.ok).toBe(true);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('cancels an unshipped FBM order at Amazon with the reason on every item; the order moves to complete', async () => {
    const order = unshipped(truth)[0]!;
    const run = await csm(['orders', 'cancel', order.orderId, '--reason', 'no-inventory'], {
      env: world.env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${order.orderId}\\tcancelled\\tNoInventory\\t\\d+\\n$`));
    const after = (await world.truth()).find((o) => o.orderId === order.orderId)!;
    expect(after.fulfillment?.fulfillmentStatus).toBe('CANCELLED');
    for (const item of after.orderItems) {
      expect(item.cancellation).toEqual({
        cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: 'NO_INVENTORY' },
      });
    }
    expect((await feeds()).map((f) => [f.feedType, f.processingStatus])).toEqual([
      ['POST_ORDER_ACKNOWLEDGEMENT_DATA', 'DONE'],
    ]);
    const held = await csm(['orders', 'list', '--holding', 'complete', '--json'], { env: world.env });
    expect(held.stdout).toContain(order.orderId);

    // The store still says Unshipped (no sync since); Amazon's state is asked before anything is sent.
    const again = await csm(['orders', 'cancel', order.orderId, '--reason', 'NoInventory'], {
      env: world.env,
    });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/is already cancelled at Amazon: nothing to do/);
    expect(await feeds()).toHaveLength(1);
  }, 60_000);

  it('says plainly what Amazon offers no way for, and sends nothing', async () => {
    const fba = truth.find((o) => o.fulfillment?.fulfilledBy === 'AMAZON')!;
    const shipped = truth.find(
      (o) => o.fulfillment?.fulfilledBy === 'MERCHANT' && o.fulfillment?.fulfillmentStatus === 'SHIPPED',
    )!;
    const open = unshipped(truth)[1]!;
    const cases: [string[], RegExp][] = [
      [
        ['orders', 'cancel', fba.orderId, '--reason', 'BuyerCanceled'],
        /fulfilled by Amazon \(FBA\): cancelling it is not supported/,
      ],
      [
        ['orders', 'cancel', shipped.orderId, '--reason', 'BuyerCanceled'],
        /is shipped in the store: cancelling it is not supported; a cancellation after a shipment would refund the whole order/,
      ],
      [
        [
          'orders',
          'cancel',
          open.orderId,
          '--reason',
          'BuyerCanceled',
          '--items',
          open.orderItems[0]!.orderItemId,
        ],
        /cancelling some items of an order is not supported/,
      ],
      [
        ['orders', 'cancel', open.orderId, '--reason', 'changed-my-mind'],
        /--reason 'changed-my-mind' is not one of Amazon's cancel reasons: NoInventory, ShippingAddressUndeliverable/,
      ],
      [
        ['orders', 'cancel', '999-0000000-0000000', '--reason', 'BuyerCanceled'],
        /order 999-0000000-0000000 is not in the store/,
      ],
    ];
    const before = (await feeds()).length;
    for (const [args, message] of cases) {
      const run = await csm(args, { env: world.env });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
    }
    expect(await feeds()).toHaveLength(before);
    const still = (await world.truth()).find((o) => o.orderId === open.orderId)!;
    expect(still.fulfillment?.fulfillmentStatus).toBe('UNSHIPPED');
  }, 60_000);

  it('writes the OrderAcknowledgement document Amazon documents', () => {
    const xml = acknowledgementXml('A1SELLER', '111-2223334-4445556', ['1001', '1002'], 'BuyerCanceled');
    expect(xml).toContain('<MessageType>OrderAcknowledgement</MessageType>');
    expect(xml).toContain('<StatusCode>Failure</StatusCode>');
    expect(xml.match(/<CancelReason>BuyerCanceled<\/CancelReason>/g)).toHaveLength(2);
    expect(xml).toContain('<MerchantIdentifier>A1SELLER</MerchantIdentifier>');
  });
});
