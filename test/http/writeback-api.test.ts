import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVault, type Vault } from '../../src/accounts/vault/index.js';
import { accountClients, sendPackages } from '../../src/fulfillment/index.js';
import { addUser, buildHttpApp, createToken } from '../../src/http/index.js';
import type { AmazonOrder } from '../../src/orders/amazon-order.js';
import type { Store } from '../../src/store/index.js';
import { realClock } from '../../src/time/clock.js';
import { confirmations, type ShipWorld, shipWorld, unshipped } from '../fulfillment/support/ship-world.js';
import { bearer } from './support/auth-world.js';

// Write-back through the REST API against the emulator: shipments stored by POST /api/v1/shipments and
// sent by the shipment workers' code land in Amazon's ground truth; stock and prices change the listings.

interface Listing {
  sku: string;
  marketplaceId: string;
  fulfillmentChannelCode: string;
  quantity: number | null;
  price: { amount: string; currencyCode: string } | null;
}

describe('REST API write-back: shipments, stock and prices', () => {
  let world: ShipWorld;
  let store: Store;
  let vault: Vault;
  let app: FastifyInstance;
  let open: AmazonOrder[];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    world = await shipWorld({ seed: 41, orders: 40, days: 1 });
    open = unshipped(await world.truth());
    store = await world.open();
    vault = await openVault({
      db: store.db,
      env: world.env,
      dataDir: world.test.dataDir,
      notify: () => {},
    });
    await addUser(store.db, { name: 'ada', password: 'ada-password-1', admin: true });
    tokens.write = (await createToken(store.db, { name: 'erp', scope: 'write' })).token;
    tokens.read = (await createToken(store.db, { name: 'reader', scope: 'read' })).token;
    app = await buildHttpApp({ db: store.db, vault });
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await world?.close();
  });

  const post = (url: string, payload: unknown, token = tokens.write ?? '') =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: bearer(token) });

  it('stores a shipment, lists it, and the package sent lands at Amazon once', async () => {
    const order = open[0];
    expect(order).toBeDefined();
    const res = await post('/api/v1/shipments', {
      orderId: order!.orderId,
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [shipment] = (
      res.json() as { shipments: { id: string; status: string; packages: { id: string }[] }[] }
    ).shipments;
    expect(shipment).toMatchObject({ orderId: order!.orderId, status: 'pending' });

    const listed = await app.inject({
      method: 'GET',
      url: `/api/v1/shipments?orderId=${order!.orderId}`,
      headers: bearer(tokens.read ?? ''),
    });
    expect(listed.statusCode).toBe(200);
    expect((listed.json() as { shipments: { id: string }[] }).shipments.map((s) => s.id)).toEqual([
      shipment!.id,
    ]);

    // What csm serve's shipment workers do with a stored package.
    const statuses = await sendPackages(
      {
        db: store.db,
        clock: realClock,
        clientFor: accountClients(store.db, vault, realClock),
        owner: 'test',
      },
      shipment!.packages.map((p) => p.id),
    );
    expect([...statuses.values()]).toEqual(['confirmed']);
    const ledger = await confirmations(world.emulator);
    expect(Object.values(ledger[order!.orderId] ?? {}).map((p) => p.count)).toEqual([1]);
    const truth = (await world.truth()).find((o) => o.orderId === order!.orderId);
    expect(truth?.fulfillment?.fulfillmentStatus).toBe('SHIPPED');

    // The same request again finds the stored package: nothing new to send.
    const again = await post('/api/v1/shipments', {
      orderId: order!.orderId,
      carrier: 'UPS',
      trackingNumber: '1Z999AA10123456784',
    });
    expect(again.statusCode).toBe(201);
    expect((again.json() as { shipments: { id: string; status: string }[] }).shipments[0]).toMatchObject({
      id: shipment!.id,
      status: 'confirmed',
    });
  });

  it('refuses bad shipments with the field named, storing nothing; a read token may not write', async () => {
    const order = open[1]!;
    const before = await store.db.selectFrom('shipments').select('id').execute();
    const carrier = await post('/api/v1/shipments', {
      orderId: order.orderId,
      carrier: 'Fedx',
      trackingNumber: '123456789012',
    });
    expect(carrier.statusCode).toBe(400);
    expect(carrier.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'carrier' } });
    expect((carrier.json() as { error: { message: string } }).error.message).toMatch(/FedEx/);

    const batch = await post('/api/v1/shipments', {
      shipments: [
        { orderId: order.orderId, carrier: 'UPS', trackingNumber: '1Z999AA10123456785' },
        { orderId: '999-0000000-0000000', carrier: 'UPS', trackingNumber: '1Z999AA10123456786' },
      ],
    });
    expect(batch.statusCode).toBe(400);
    expect(batch.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', field: 'shipments[1].orderId' },
    });

    const missing = await post('/api/v1/shipments', { orderId: order.orderId, carrier: 'UPS' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error: { field: 'trackingNumber' } });

    const readOnly = await post(
      '/api/v1/shipments',
      { orderId: order.orderId, carrier: 'UPS', trackingNumber: '1Z999AA10123456787' },
      tokens.read,
    );
    expect(readOnly.statusCode).toBe(403);
    expect(await store.db.selectFrom('shipments').select('id').execute()).toEqual(before);
  });

  it('sets stock and price at Amazon and answers with its outcome; bad input names the field', async () => {
    const res = await fetch(`${world.emulator.url}/_emulator/listings?sellerId=${world.sellerId}`);
    const listings = ((await res.json()) as { listings: Listing[] }).listings;
    const row = listings.find((l) => l.fulfillmentChannelCode === 'DEFAULT');
    expect(row).toBeDefined();
    const target = { account: 'seller-1', marketplaceId: row!.marketplaceId, sku: row!.sku };

    const stock = await post('/api/v1/stock', { ...target, quantity: 7 });
    expect(stock.statusCode, stock.body).toBe(200);
    expect(stock.json()).toMatchObject({ status: 'ACCEPTED', sku: row!.sku, account: 'seller-1' });
    const currency = row!.price?.currencyCode ?? 'USD';
    const price = await post('/api/v1/prices', { ...target, amount: '12.50', currency });
    expect(price.statusCode, price.body).toBe(200);
    expect(price.json()).toMatchObject({ status: 'ACCEPTED' });

    const after = await fetch(
      `${world.emulator.url}/_emulator/listings?sellerId=${world.sellerId}&sku=${encodeURIComponent(row!.sku)}`,
    );
    const changed = ((await after.json()) as { listings: Listing[] }).listings.find(
      (l) => l.marketplaceId === row!.marketplaceId,
    );
    expect(changed).toMatchObject({ quantity: 7, price: { amount: '12.50' } });

    const negative = await post('/api/v1/stock', { ...target, quantity: -1 });
    expect(negative.statusCode).toBe(400);
    expect(negative.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect((negative.json() as { error: { message: string } }).error.message).toMatch(/quantity/);

    const unknown = await post('/api/v1/stock', { ...target, sku: 'NO-SUCH-SKU-1', quantity: 1 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'NOT_FOUND', field: 'sku' } });
  });
});
