import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import { syncAccount } from '../../src/orders/sync/index.js';
import { realClock } from '../../src/time/clock.js';
import { csm } from '../cli/support/memory-context.js';
import { validateResponse } from '../support/model-schemas.js';
import { asSynced, byId, groundTruth, type SyncWorld, syncWorld } from './support/sync-harness.js';

describe('csm orders list, show, export, ack', () => {
  let world: SyncWorld;
  let env: Record<string, string>;
  let truth: AmazonOrder[];

  beforeAll(async () => {
    world = await syncWorld({ emulator: { seed: 21, orders: 120, sellers: 2 } });
    for (const [i, target] of world.targets.entries()) {
      await syncAccount({
        db: world.store.db,
        client: world.client(i),
        clock: realClock,
        vault: world.vault,
        target,
      });
    }
    env = { CSM_DATA_DIR: world.test.dataDir, CSM_MASTER_KEY: world.masterKey };
    truth = await groundTruth(world.emulator, world.targets[0]!.sellerId);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lists the newest orders as a table, or NDJSON, filtered by account, status and holding status', async () => {
    const run = await csm(['orders', 'list', '--limit', '5'], { env });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ORDER ID\s+ACCOUNT\s+STATUS\s+CHANNEL\s+HOLDING\s+UPDATED\s+TOTAL\s+UNITS$/);
    expect(lines).toHaveLength(6);
    const json = await csm(
      ['orders', 'list', '--account', 'seller-1', '--status', 'shipped', '--limit', '1000', '--json'],
      {
        env,
      },
    );
    expect(json.code).toBe(0);
    const rows = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { account: string; status: string; orderId: string });
    const shipped = truth.filter((o) => o.fulfillment?.fulfillmentStatus === 'SHIPPED');
    expect(rows.map((r) => r.orderId).sort()).toEqual(shipped.map((o) => o.orderId).sort());
    expect(rows.every((r) => r.account === 'seller-1' && r.status === 'SHIPPED')).toBe(true);
    const updated = rows.map((r) => (r as unknown as { lastUpdatedTime: string }).lastUpdatedTime);
    expect(updated).toEqual([...updated].sort().reverse());
  });

  it('shows one order, buyer data only with --include-pii', async () => {
    const order = truth.find((o) => o.buyer && o.recipient)!;
    const plain = await csm(['orders', 'show', order.orderId], { env });
    expect(plain.code).toBe(0);
    const shown = JSON.parse(plain.stdout) as {
      account: string;
      holding: { status: string };
      order: AmazonOrder;
    };
    expect(shown).toMatchObject({ account: 'seller-1', holding: { status: 'new' } });
    expect(shown.order.buyer).toBeUndefined();
    expect(plain.stdout).not.toContain(order.recipient?.deliveryAddress?.addressLine1 ?? '???');
    const full = await csm(['orders', 'show', order.orderId, '--include-pii'], { env });
    expect((JSON.parse(full.stdout) as { order: AmazonOrder }).order).toEqual(asSynced(order));
    const missing = await csm(['orders', 'show', '999-9999999-9999999'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no stored order has the id 999-9999999-9999999/);
  });

  it("exports NDJSON and JSON in Amazon's Order shape, valid against the model, buyer data only when asked", async () => {
    const ndjson = await csm(['orders', 'export', '--format', 'ndjson', '--account', 'seller-1'], { env });
    expect(ndjson.code).toBe(0);
    const orders = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as AmazonOrder);
    expect(orders).toHaveLength(truth.length);
    for (const order of orders) {
      expect(validateResponse('getOrder@2026-01-01', 200, { order })).toEqual([]);
      expect(order.buyer).toBeUndefined();
      expect(order.recipient).toBeUndefined();
    }
    const updated = orders.map((o) => o.lastUpdatedTime);
    expect(updated).toEqual([...updated].sort());
    const withPii = await csm(
      ['orders', 'export', '--format', 'json', '--account', 'seller-1', '--include-pii'],
      { env },
    );
    expect(withPii.code).toBe(0);
    const parsed = JSON.parse(withPii.stdout) as AmazonOrder[];
    expect(byId(parsed)).toEqual(byId(truth.map((o) => asSynced(o))));
    for (const order of parsed) expect(validateResponse('getOrder@2026-01-01', 200, { order })).toEqual([]);
    expect(withPii.stderr).toContain(`exported ${truth.length} orders`);
  });

  it('exports CSV: the documented header, one line per item, fields quoted where needed', async () => {
    const run = await csm(['orders', 'export', '--format', 'csv', '--account', 'seller-1'], { env });
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'account,seller_id,order_id,seller_order_id,marketplace_id,created_time,last_updated_time,status,fulfilled_by,' +
        'service_level,ship_by,deliver_by,order_total,currency,is_prime,is_business,ship_country,holding,' +
        'order_item_id,asin,seller_sku,title,quantity_ordered,quantity_shipped,unit_price,item_currency',
    );
    const items = truth.reduce((n, o) => n + Math.max(1, o.orderItems.length), 0);
    expect(lines).toHaveLength(items + 1);
    const pii = await csm(['orders', 'export', '--format', 'csv', '--account', 'seller-1', '--include-pii'], {
      env,
    });
    expect(pii.stdout.split('\n')[0]).toMatch(
      /,buyer_name,buyer_email,.*,postal_code,country_code,phone,address_type,gift_message$/,
    );
  });

  it('acknowledges orders all or none, and filters by holding status', async () => {
    const [a, b] = truth;
    const bad = await csm(['orders', 'ack', a!.orderId, '111-0000000-0000000', '--status', 'exported'], {
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/111-0000000-0000000.*nothing was changed/);
    const none = await csm(['orders', 'list', '--holding', 'exported', '--json'], { env });
    expect(none.stdout).toBe('');
    const ok = await csm(
      ['orders', 'ack', a!.orderId, b!.orderId, '--status', 'exported', '--note', 'batch 7'],
      { env },
    );
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(`${a!.orderId}\texported\n${b!.orderId}\texported\n`);
    const listed = await csm(['orders', 'list', '--holding', 'exported', '--json'], { env });
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { orderId: string }).orderId)
        .sort(),
    ).toEqual([a!.orderId, b!.orderId].sort());
    const shown = JSON.parse((await csm(['orders', 'show', a!.orderId], { env })).stdout) as {
      holding: { status: string; note: string };
    };
    expect(shown.holding).toMatchObject({ status: 'exported', note: 'batch 7' });
    const exported = await csm(['orders', 'export', '--format', 'ndjson', '--holding', 'exported'], { env });
    expect(exported.stdout.trim().split('\n')).toHaveLength(2);
  });

  it.each([
    [['orders', 'list', '--since', '2999-01-01'], /--since 2999-01-01T00:00:00.000Z is in the future/],
    [['orders', 'list', '--since', 'yesterday'], /--since 'yesterday' is not a date/],
    [['orders', 'list', '--since', '2026-02-30'], /--since '2026-02-30' is not a date/],
    [['orders', 'list', '--status', 'sent'], /--status 'sent' is not an order status/],
    [
      ['orders', 'list', '--holding', 'done'],
      /--holding 'done' is not a holding status: use new, exported, error, complete/,
    ],
    [
      ['orders', 'export', '--format', 'xml'],
      /--format 'xml' is not an export format: use csv, json, ndjson/,
    ],
    [
      ['orders', 'ack', '111-0000001-0000001', '--status', 'shipped'],
      /--status 'shipped' is not a holding status/,
    ],
  ])('bad input %j: a clear message, exit 2, the store not even opened', async (args, message) => {
    const dataDir = path.join(world.test.dataDir, 'never-created');
    const run = await csm(args, { env: { CSM_DATA_DIR: dataDir } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('an unknown account: exit 2 naming the stored ones, nothing changed', async () => {
    const run = await csm(['orders', 'export', '--format', 'csv', '--account', 'nope'], { env });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--account nope: no stored account has that name; the stored ones are seller-1, seller-2/,
    );
    expect(run.stdout).toBe('');
  });
});
