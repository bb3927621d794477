import { describe, expect, it } from 'vitest';
import { createSpApiClient, type OperationKey, SpApiError } from '../../src/index.js';
import { createFakeClock } from '../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json, spError } from './support/fake-amazon.js';

describe('paginate', () => {
  it('follows pagination.nextToken as paginationToken (Orders 2026-01-01), keeping the filters', async () => {
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      const token = request.query.get('paginationToken');
      const next = token === null ? 'p2' : token === 'p2' ? 'p3' : undefined;
      return json(200, { orders: [{ orderId: token ?? 'p1' }], pagination: next ? { nextToken: next } : {} });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const pages = [];
    for await (const page of client.paginate('searchOrders', {
      query: {
        lastUpdatedAfter: '2026-01-01T00:00:00Z',
        marketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2'],
      },
    })) {
      pages.push(page.body.orders[0]?.orderId);
    }
    expect(pages).toEqual(['p1', 'p2', 'p3']);
    const sent = amazon.spApiRequests();
    expect(sent.map((r) => r.query.get('paginationToken'))).toEqual([null, 'p2', 'p3']);
    for (const request of sent) {
      expect(request.query.get('lastUpdatedAfter')).toBe('2026-01-01T00:00:00Z');
      expect(request.url).toContain('marketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2');
    }
  });

  it('follows payload.NextToken as NextToken (Orders v0)', async () => {
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      if (request.path.includes('restrictedDataToken'))
        return json(200, { restrictedDataToken: 'Atz.sprdt|x', expiresIn: 3600 });
      const token = request.query.get('NextToken');
      return json(200, {
        payload: {
          Orders: [{ AmazonOrderId: token ?? 'first' }],
          ...(token ? {} : { NextToken: 'a+b/c==' }),
        },
      });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const ids: string[] = [];
    for await (const page of client.paginate('getOrders', {
      query: { MarketplaceIds: ['ATVPDKIKX0DER'], CreatedAfter: '2026-01-01T00:00:00Z' },
    })) {
      for (const order of page.body.payload?.Orders ?? []) ids.push(order.AmazonOrderId);
    }
    // The token comes back intact, URL-encoded on the way out.
    expect(ids).toEqual(['first', 'a+b/c==']);
    expect(amazon.spApiRequests().filter((r) => r.path === '/orders/v0/orders')[1]?.url).toContain(
      'NextToken=a%2Bb%2Fc%3D%3D',
    );
  });

  it('surfaces an expired pagination token as SpApiError with a diagnosis', async () => {
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') return undefined;
      if (request.query.get('paginationToken'))
        return spError(400, 'InvalidInput', 'The pagination token has expired.');
      return json(200, { orders: [], pagination: { nextToken: 'old' } });
    });
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const pages: unknown[] = [];
    const error = await (async () => {
      for await (const page of client.paginate('searchOrders')) pages.push(page);
    })().catch((e: unknown) => e);
    expect(pages).toHaveLength(1);
    expect(error).toBeInstanceOf(SpApiError);
    expect((error as SpApiError).diagnosis?.fix).toMatch(/Restart the listing/);
  });

  it('accepts a loosely typed request for a key known only at run time (the CLI path)', async () => {
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { orders: [], pagination: {} }),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const key = 'searchOrders' as OperationKey;
    const response = await client.call(key, {
      query: { marketplaceIds: ['A', 'B'], maxResultsPerPage: 5 } as Record<string, unknown>,
    });
    expect(response.body).toEqual({ orders: [], pagination: {} });
    expect(amazon.spApiRequests()[0]?.url).toMatch(/\?marketplaceIds=A,B&maxResultsPerPage=5$/);
  });
});
