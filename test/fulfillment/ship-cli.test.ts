import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import { csm } from '../cli/support/memory-context.js';
import { confirmations, type ShipWorld, shipWorld, unshipped } from './support/ship-world.js';

describe('csm ship (this command sends; no csm serve)', () => {
  let world: ShipWorld;
  let open: AmazonOrder[];

  beforeAll(async () => {
    world = await shipWorld({ seed: 31, orders: 120, days: 1 });
    open = unshipped(await world.truth());
    expect(open.length).toBeGreaterThanOrEqual(4);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('confirms the whole order: Amazon has the package once, the order is Shipped and complete', async () => {
    const order = open.find((o) => o.orderItems.length === 1) ?? open[open.length - 1]!;
    const args = [
      'ship',
      order.orderId,
      '--carrier',
      'ups',
      '--tracking',
      '1Z999AA10123456784',
      '--method',
      'Ground',
    ];
    const run = await csm(args, { env: world.env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [line] = run.stdout.trim().split('\n');
    expect(line?.split('\t').slice(0, 5)).toEqual([
      order.orderId,
      '1',
      'confirmed',
      'UPS',
      '1Z999AA10123456784',
    ]);

    const shipped = (await world.truth()).find((o) => o.orderId === order.orderId)!;
    expect(shipped.fulfillment?.fulfillmentStatus).toBe('SHIPPED');
    expect(shipped.packages).toEqual([
      expect.objectContaining({
        packageReferenceId: '1',
        carrier: 'UPS',
        trackingNumber: '1Z999AA10123456784',
        shippingService: 'Ground',
        packageItems: order.orderItems.map((i) =>
          expect.objectContaining({ orderItemId: i.orderItemId, quantity: i.quantityOrdered }),
        ),
      }),
    ]);
    expect((await confirmations(world.emulator))[order.orderId]).toEqual({
      '1': { count: 1, confirmShipment: 1, feed: 0 },
    });
    const held = await csm(['orders', 'list', '--holding', 'complete', '--json'], { env: world.env });
    expect(
      held.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { orderId: string }).orderId),
    ).toEqual([order.orderId]);

    // The same command again finds the stored package and sends nothing.
    const again = await csm(args, { env: world.env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/was stored before \(confirmed\): not stored again/);
    expect(again.stdout).toBe(run.stdout);
    expect((await confirmations(world.emulator))[order.orderId]?.['1']?.count).toBe(1);
  }, 60_000);

  it('ships an order in several packages: PartiallyShipped, then Shipped and complete', async () => {
    const order = open.find((o) => o.orderItems.length >= 2 || (o.orderItems[0]?.quantityOrdered ?? 0) >= 2);
    expect(order, 'an order with two units').toBeDefined();
    if (!order) return;
    const first = order.orderItems[0]!;
    const firstPackage = await csm(
      [
        'ship',
        order.orderId,
        '--carrier',
        'USPS',
        '--tracking',
        '9400111899223456789012',
        '--items',
        `${first.orderItemId}:1`,
      ],
      { env: world.env },
    );
    expect(firstPackage.code).toBe(0);
    let truth = (await world.truth()).find((o) => o.orderId === order.orderId)!;
    expect(truth.fulfillment?.fulfillmentStatus).toBe('PARTIALLY_SHIPPED');
    const list = await csm(['orders', 'list', '--holding', 'complete', '--json'], { env: world.env });
    expect(list.stdout).not.toContain(order.orderId);

    const rest = await csm(
      [
        'ship',
        order.orderId,
        '--carrier',
        'Other',
        '--carrier-name',
        'Speedy Couriers',
        '--tracking',
        'SPD-000123',
      ],
      {
        env: world.env,
      },
    );
    expect(rest.stderr).toBe('');
    expect(rest.code).toBe(0);
    expect(rest.stdout).toMatch(/\t2\tconfirmed\tSpeedy Couriers\tSPD-000123\t/);
    truth = (await world.truth()).find((o) => o.orderId === order.orderId)!;
    expect(truth.fulfillment?.fulfillmentStatus).toBe('SHIPPED');
    expect(truth.packages?.map((p) => [p.packageReferenceId, p.carrier, p.trackingNumber])).toEqual([
      ['1', 'USPS', '9400111899223456789012'],
      ['2', 'Speedy Couriers', 'SPD-000123'],
    ]);
    const complete = await csm(['orders', 'list', '--holding', 'complete', '--json'], { env: world.env });
    expect(complete.stdout).toContain(order.orderId);
  }, 60_000);

  it('refuses bad input with exit 2, naming the problem and the fix, and sends nothing', async () => {
    const truth = await world.truth();
    const order = open[open.length - 1]!;
    const fba = truth.find((o) => o.fulfillment?.fulfilledBy === 'AMAZON')!;
    const cancelled = truth.find(
      (o) => o.fulfillment?.fulfillmentStatus === 'CANCELLED' && o.fulfillment?.fulfilledBy === 'MERCHANT',
    );
    const before = await confirmations(world.emulator);
    const item = order.orderItems[0]!;
    const cases: [string[], RegExp][] = [
      [
        ['ship', '999-0000000-0000000', '--carrier', 'UPS', '--tracking', '1Z999'],
        /order 999-0000000-0000000 is not in the store: check the id, or sync first/,
      ],
      [
        ['ship', '12345', '--carrier', 'UPS', '--tracking', '1Z999'],
        /'12345' is not an Amazon order id: expected 3-7-7 digits/,
      ],
      [
        ['ship', order.orderId, '--carrier', 'Fedx', '--tracking', '1Z999'],
        /'Fedx' is not one of Amazon's carrier codes: did you mean 'FedEx'.*--carrier Other --carrier-name 'Fedx'/,
      ],
      [
        ['ship', order.orderId, '--carrier', 'Other', '--tracking', '1Z999'],
        /carrier 'Other' needs the carrier's name: add --carrier-name NAME/,
      ],
      [
        ['ship', order.orderId, '--carrier', 'UPS', '--tracking', '1Z 999'],
        /tracking number '1Z 999' is malformed/,
      ],
      [
        ['ship', order.orderId, '--carrier', 'UPS', '--tracking', '1Z999', '--ship-date', '03/01/2026'],
        /ship date '03\/01\/2026' is malformed: use 2026-03-01/,
      ],
      [
        ['ship', order.orderId, '--carrier', 'UPS', '--tracking', '1Z999', '--ship-date', '2099-01-01'],
        /is in the future/,
      ],
      [
        ['ship', order.orderId, '--carrier', 'UPS', '--tracking', '1Z999', '--items', '99999999999999:1'],
        /item 99999999999999 is not in order/,
      ],
      [
        [
          'ship',
          order.orderId,
          '--carrier',
          'UPS',
          '--tracking',
          '1Z999',
          '--items',
          `${item.orderItemId}:${item.quantityOrdered + 1}`,
        ],
        new RegExp(
          `item ${item.orderItemId}: quantity ${item.quantityOrdered + 1} is more than the ${item.quantityOrdered} of ${item.quantityOrdered} ordered`,
        ),
      ],
      [
        ['ship', order.orderId, '--carrier', 'UPS', '--tracking', '1Z999', '--items', 'abc:x'],
        /--items: 'abc:x' is not ORDER_ITEM_ID:QUANTITY/,
      ],
      [['ship', order.orderId, '--tracking', '1Z999'], /--carrier is needed/],
      [
        ['ship', fba.orderId, '--carrier', 'UPS', '--tracking', '1Z999'],
        /fulfilled by Amazon \(FBA\): Amazon ships it/,
      ],
      ...(cancelled
        ? [
            [
              ['ship', cancelled.orderId, '--carrier', 'UPS', '--tracking', '1Z999'],
              /is cancelled: it must not be shipped/,
            ] as [string[], RegExp],
          ]
        : []),
    ];
    for (const [args, message] of cases) {
      const run = await csm(args, { env: world.env });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
    }
    expect(await confirmations(world.emulator)).toEqual(before);
    const listed = await csm(['ship', '--list', order.orderId, '--json'], { env: world.env });
    expect(listed.stdout).toBe('');
  }, 120_000);
});
