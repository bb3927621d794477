import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShipmentCsv, SHIPMENT_CSV_COLUMNS } from '../../src/fulfillment/index.js';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import { csm } from '../cli/support/memory-context.js';
import { confirmations, type ShipWorld, shipWorld, unshipped } from './support/ship-world.js';

describe('csm ship --file (bulk CSV)', () => {
  let world: ShipWorld;
  let open: AmazonOrder[];

  beforeAll(async () => {
    world = await shipWorld({ seed: 33, orders: 120, days: 1 });
    open = unshipped(await world.truth());
    expect(open.length).toBeGreaterThanOrEqual(8);
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

  const file = (name: string, lines: string[]) => {
    const at = path.join(world.test.dataDir, name);
    writeFileSync(at, `${lines.join('\n')}\n`);
    return at;
  };

  it('--template prints the documented header', async () => {
    const run = await csm(['ship', '--template'], { env: world.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'order_id,order_item_id,quantity,carrier,carrier_name,tracking_number,ship_date,method,account\n',
    );
    expect(run.stdout.trim().split(',')).toEqual([...SHIPMENT_CSV_COLUMNS]);
  });

  it('reports every bad row by line with its reason and stores and sends nothing; --skip-invalid sends the rest', async () => {
    const [a, b, c, d] = open;
    const item = b!.orderItems[0]!;
    const csv = file('mixed.csv', [
      'order_id,order_item_id,quantity,carrier,carrier_name,tracking_number,ship_date,method,account',
      `${a!.orderId},,,UPS,,1Z0000000000000001,,Ground,`,
      `${b!.orderId},${item.orderItemId},${item.quantityOrdered + 5},UPS,,1Z0000000000000002,,,`,
      `${c!.orderId},,,Fedx,,794600000003,,,`,
      `${d!.orderId},,,"Royal Mail",,AB 123,,,`,
      '999-0000000-0000000,,,DHL,,JD0000000000005,,,',
      `${c!.orderId},,,DHL,,JD0000000000006,2026-13-45,,`,
    ]);
    const before = await confirmations(world.emulator);
    const run = await csm(['ship', '--file', csv], { env: world.env });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      new RegExp(`line 3: item ${item.orderItemId}: quantity ${item.quantityOrdered + 5} is more than`),
    );
    expect(run.stderr).toMatch(/line 4: 'Fedx' is not one of Amazon's carrier codes: did you mean 'FedEx'/);
    expect(run.stderr).toMatch(/line 5: tracking number 'AB 123' is malformed/);
    expect(run.stderr).toMatch(/line 7: ship date '2026-13-45' is malformed/);
    expect(run.stderr).toMatch(/line 6: order 999-0000000-0000000 is not in the store/);
    expect(run.stderr).toMatch(/5 problems: nothing was stored or sent/);
    expect(run.stderr).not.toMatch(/line 2:/);
    expect(await confirmations(world.emulator)).toEqual(before);
    expect((await csm(['ship', '--list', '--json'], { env: world.env })).stdout).toBe('');

    const skip = await csm(['ship', '--file', csv, '--skip-invalid'], { env: world.env });
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.stderr).toMatch(/line 4: .*\(skipped\)/);
    expect(skip.stderr).toMatch(/line 6: order 999-0000000-0000000 is not in the store.*\(skipped\)/);
    const lines = skip.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^${a!.orderId}\\t1\\tconfirmed\\tUPS\\t1Z0000000000000001\\t`));
    const ledger = await confirmations(world.emulator);
    expect(ledger[a!.orderId]).toEqual({ '1': { count: 1, confirmShipment: 1, feed: 0 } });
    for (const bad of [b!, c!, d!]) expect(ledger[bad.orderId]).toBeUndefined();
  }, 120_000);

  it('rows with one order and tracking number are one package; a row without an item ships the rest', async () => {
    const order = open.slice(1).find((o) => o.orderItems.length >= 2);
    expect(order, 'an order with two items').toBeDefined();
    if (!order) return;
    const [x, y] = order.orderItems;
    const csv = file('packages.csv', [
      'order_id,order_item_id,quantity,carrier,tracking_number',
      `${order.orderId},${x!.orderItemId},${x!.quantityOrdered},USPS,9400100000000000000001`,
      `${order.orderId},${y!.orderItemId},${y!.quantityOrdered},USPS,9400100000000000000001`,
      ...(order.orderItems.length > 2 ? [`${order.orderId},,,USPS,9400100000000000000002`] : []),
    ]);
    const run = await csm(['ship', '--file', csv], { env: world.env });
    expect(run.code, run.stderr).toBe(0);
    const truth = (await world.truth()).find((o) => o.orderId === order.orderId)!;
    expect(truth.fulfillment?.fulfillmentStatus).toBe('SHIPPED');
    expect(truth.packages?.[0]?.packageItems?.map((i) => i.orderItemId).sort()).toEqual(
      [x!.orderItemId, y!.orderItemId].sort(),
    );
  }, 60_000);

  it('--via feed: POST_ORDER_FULFILLMENT_DATA (a feed per marketplace), each result mapped back to its package', async () => {
    const [p, q, r] = open.slice(-3);
    // r is cancelled at Amazon after the last sync: the store still says Unshipped, Amazon refuses it.
    const cancel = await csm(['orders', 'cancel', r!.orderId, '--reason', 'BuyerCanceled'], {
      env: world.env,
    });
    expect(cancel.code, cancel.stderr).toBe(0);
    const csv = file('feed.csv', [
      'order_id,carrier,carrier_name,tracking_number,method',
      `${p!.orderId},Royal Mail,,RM123456789GB,Tracked 24`,
      `${q!.orderId},Other,Speedy Couriers,SPD-0000099,`,
      `${r!.orderId},DPD,,15501234567890,`,
    ]);
    const run = await csm(['ship', '--file', csv, '--via', 'feed', '--json'], { env: world.env });
    expect(run.code).toBe(1);
    const shipments = run.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            orderId: string;
            packages: { status: string; via: string; failureReason: string | null }[];
          },
      );
    const byOrder = new Map(shipments.map((s) => [s.orderId, s.packages[0]!]));
    expect(byOrder.get(p!.orderId)).toMatchObject({ status: 'confirmed', via: 'feed' });
    expect(byOrder.get(q!.orderId)).toMatchObject({ status: 'confirmed', via: 'feed' });
    expect(byOrder.get(r!.orderId)).toMatchObject({ status: 'failed', via: 'feed' });
    expect(byOrder.get(r!.orderId)?.failureReason).toMatch(
      /processing report of feed \d+, message \d: 18028 Order .* is CANCELLED; only Unshipped or PartiallyShipped orders can be confirmed\. Fix: /,
    );
    expect(run.stderr).toMatch(/1 of 3 packages failed/);
    const ledger = await confirmations(world.emulator);
    expect(ledger[p!.orderId]).toEqual({ '1': { count: 1, confirmShipment: 0, feed: 1 } });
    expect(ledger[q!.orderId]).toEqual({ '1': { count: 1, confirmShipment: 0, feed: 1 } });
    expect(ledger[r!.orderId]).toBeUndefined();
    const truth = await world.truth();
    const shippedQ = truth.find((o) => o.orderId === q!.orderId)!;
    expect(shippedQ.fulfillment?.fulfillmentStatus).toBe('SHIPPED');
    expect(shippedQ.packages?.[0]).toMatchObject({
      packageReferenceId: '1',
      carrier: 'Speedy Couriers',
      trackingNumber: 'SPD-0000099',
    });
    expect(truth.find((o) => o.orderId === p!.orderId)?.packages?.[0]).toMatchObject({
      carrier: 'Royal Mail',
      shippingService: 'Tracked 24',
    });
  }, 90_000);

  it('parses quoted fields, CRLF and a BOM; rows of one package that disagree are reported', () => {
    const parsed = parseShipmentCsv(
      '\uFEFForder_id,carrier,carrier_name,tracking_number,order_item_id,quantity\r\n' +
        '111-1111111-1111111,Other,"Smith, ""Fast"" Couriers",TRK-1,1,1\r\n' +
        '111-1111111-1111111,UPS,,TRK-1,2,1\r\n' +
        '222-2222222-2222222,UPS,,TRK-2,,3\r\n',
    );
    expect(parsed.rows).toBe(3);
    expect(parsed.errors).toEqual([
      {
        line: 3,
        message:
          'carrier, carrier_name differ from line 2, which has the same order and tracking number (one package)',
      },
      {
        line: 4,
        message:
          'a quantity without order_item_id: name the item, or leave both empty to ship the whole order',
      },
    ]);
    expect(parsed.packages).toEqual([]);
    const header = parseShipmentCsv('order_id,tracking,carrier\n1,2,3\n');
    expect(header.errors[0]?.message).toMatch(/unknown column 'tracking'; missing column tracking_number/);
  });
});
