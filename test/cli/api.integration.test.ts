import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { csm } from './support/memory-context.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

describe('csm api against the emulator', () => {
  let emulator: RunningEmulator;
  let env: Record<string, string>;
  beforeAll(async () => {
    emulator = await startEmulator({ sellers: 1, orders: 150, rateScale: 100, seed: 5 });
    env = {
      CSM_LWA_CLIENT_ID: emulator.credentials.clientId,
      CSM_LWA_CLIENT_SECRET: emulator.credentials.clientSecret,
      CSM_REFRESH_TOKEN: emulator.credentials.sellers[0]!.refreshToken,
      CSM_ENDPOINT: emulator.url,
    };
  });
  afterAll(() => emulator.close());

  it('prints the response body as JSON on stdout and nothing else there', async () => {
    const result = await csm(['api', 'getMarketplaceParticipations'], { env });
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as { payload: { marketplace: { id: string } }[] };
    expect(body.payload.map((p) => p.marketplace.id)).toEqual(
      emulator.credentials.sellers[0]!.marketplaceIds,
    );
  });

  it('prints one JSON line per page with --all-pages, every order once', async () => {
    const result = await csm(
      [
        'api',
        'searchOrders',
        '--param',
        'lastUpdatedAfter=2020-01-01T00:00:00Z',
        '-p',
        'maxResultsPerPage=40',
        '--all-pages',
      ],
      { env },
    );
    expect(result.code).toBe(0);
    const pages = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { orders: { orderId: string }[] });
    expect(pages).toHaveLength(4);
    const ids = pages.flatMap((p) => p.orders.map((o) => o.orderId));
    expect(new Set(ids).size).toBe(150);
  });

  it('fills path and array query parameters for a versioned operation', async () => {
    const truth = (await (
      await fetch(`${emulator.url}/_emulator/orders?sellerId=${emulator.credentials.sellers[0]!.sellerId}`)
    ).json()) as { orders: { orderId: string; recipient?: unknown }[] };
    const order = truth.orders.find((o) => o.recipient)!;
    const result = await csm(
      [
        'api',
        'getOrder@2026-01-01',
        '--param',
        `orderId=${order.orderId}`,
        '--param',
        'includedData=BUYER,RECIPIENT',
      ],
      { env },
    );
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as {
      order: { orderId: string; recipient?: unknown; buyer?: unknown };
    };
    expect(body.order.orderId).toBe(order.orderId);
    expect(body.order.recipient).toBeDefined();
  });

  it('sends a body from a file; a 204 leaves stdout empty', async () => {
    const truth = (await (
      await fetch(`${emulator.url}/_emulator/orders?sellerId=${emulator.credentials.sellers[0]!.sellerId}`)
    ).json()) as {
      orders: {
        orderId: string;
        salesChannel: { marketplaceId: string };
        fulfillment?: { fulfilledBy?: string; fulfillmentStatus?: string };
        orderItems: { orderItemId: string; quantityOrdered: number }[];
      }[];
    };
    const order = truth.orders.find(
      (o) => o.fulfillment?.fulfilledBy === 'MERCHANT' && o.fulfillment.fulfillmentStatus === 'UNSHIPPED',
    )!;
    const dir = mkdtempSync(path.join(tmpdir(), 'csm-cli-'));
    const file = path.join(dir, 'shipment.json');
    writeFileSync(
      file,
      JSON.stringify({
        marketplaceId: order.salesChannel.marketplaceId,
        packageDetail: {
          packageReferenceId: '1',
          carrierCode: 'UPS',
          trackingNumber: '1Z999AA10123456784',
          shipDate: new Date(Date.now() - 3_600_000).toISOString(),
          orderItems: order.orderItems.map((i) => ({
            orderItemId: i.orderItemId,
            quantity: i.quantityOrdered,
          })),
        },
      }),
    );
    const result = await csm(
      ['api', 'confirmShipment', '-p', `orderId=${order.orderId}`, '--body', `@${file}`],
      { env },
    );
    expect(result.stderr).toMatch(/204/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
  });

  it('refuses a shared operationId without its version, with exit code 2', async () => {
    const result = await csm(['api', 'getOrder', '--param', 'orderId=1'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/getOrder@v0/);
    expect(result.stdout).toBe('');
  });

  it('gives the diagnosis of a wrong secret, not a stack trace and not the secret', async () => {
    const secret = `amzn1.oa2-cs.v1.${'0000face'.repeat(8)}`;
    const result = await csm(['api', 'getAccount'], { env: { ...env, CSM_LWA_CLIENT_SECRET: secret } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/invalid_client/);
    expect(result.stderr).toMatch(/cause: .*secret/i);
    expect(result.stderr).toMatch(/fix: /);
    expect(result.stderr).not.toContain('0000face');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('names a missing credential', async () => {
    const result = await csm(['api', 'getAccount'], { env: { ...env, CSM_LWA_CLIENT_ID: undefined } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CSM_LWA_CLIENT_ID is not set/);
  });

  it('runs as the real bin with plain node, data on stdout and the rest on stderr', async () => {
    const { stdout } = await run(process.execPath, [path.join(root, 'bin/csm.js'), 'api', 'getAccount'], {
      env: { ...process.env, ...env },
    });
    const body = JSON.parse(stdout) as { payload: unknown };
    expect(body.payload).toBeDefined();
    const list = await run(process.execPath, [path.join(root, 'bin/csm.js'), 'api', '--list'], {
      env: { PATH: process.env.PATH ?? '' },
    });
    expect(list.stdout.split('\n')[0]).toMatch(/^OPERATION/);
  });
});
