import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  createSpApiClient,
  endpointForRegion,
  LAYER_ORDER,
  MARKETPLACES,
  type OperationRequest,
  type OperationResponse,
  regionOfMarketplace,
} from '../../src/index.js';
import { defaultUserAgent, limitUserAgent } from '../../src/sp-api/user-agent.js';
import { createFakeClock } from '../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json } from './support/fake-amazon.js';

describe('regions and marketplaces', () => {
  it('builds production and sandbox hosts', () => {
    expect(endpointForRegion('na')).toBe('https://sellingpartnerapi-na.amazon.com');
    expect(endpointForRegion('eu', true)).toBe('https://sandbox.sellingpartnerapi-eu.amazon.com');
    expect(endpointForRegion('fe', false)).toBe('https://sellingpartnerapi-fe.amazon.com');
  });

  it('knows every marketplace id and its region', () => {
    expect(Object.keys(MARKETPLACES)).toHaveLength(23);
    expect(regionOfMarketplace('ATVPDKIKX0DER')).toBe('na');
    expect(regionOfMarketplace('A2EUQ1WTGCTBG2')).toBe('na');
    expect(regionOfMarketplace('A1RKKUPIHCS9HS')).toBe('eu');
    expect(regionOfMarketplace('A21TJRUUN4KGV')).toBe('eu');
    expect(regionOfMarketplace('A1VC38T7YXB528')).toBe('fe');
    expect(regionOfMarketplace('NOPE')).toBeUndefined();
    expect(MARKETPLACES.A1F83G8C2ARO7P).toMatchObject({
      countryCode: 'GB',
      defaultCurrency: 'GBP',
      region: 'eu',
    });
  });
});

describe('user-agent', () => {
  it("follows Amazon's AppName/Version (Language=...; Platform=...) and stays under 500 characters", () => {
    expect(defaultUserAgent()).toMatch(
      /^channel-sales-manager\/\d+\.\d+\.\d+ \(Language=TypeScript\/Node\.js \d+\.\d+\.\d+; Platform=.+\)$/,
    );
    expect(limitUserAgent('x'.repeat(600))).toHaveLength(500);
  });
});

describe('requests and responses', () => {
  it('sends the headers Amazon asks for and returns the body exactly as sent', async () => {
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token'
        ? undefined
        : json(200, { payload: [{ marketplace: { id: 'ATVPDKIKX0DER' } }] }, { 'x-amzn-requestid': 'rid-1' }),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      region: 'eu',
      userAgent: 'my-app/2.0 (Language=TypeScript)',
      transport: amazon.transport,
      clock: createFakeClock(Date.UTC(2026, 10, 26, 13, 5, 9)),
    });
    const response = await client.call('getMarketplaceParticipations');
    expect(response).toEqual({
      status: 200,
      body: { payload: [{ marketplace: { id: 'ATVPDKIKX0DER' } }] },
      headers: expect.objectContaining({ 'x-amzn-requestid': 'rid-1' }),
      requestId: 'rid-1',
    });
    const [sent] = amazon.spApiRequests();
    expect(sent?.url).toBe('https://sellingpartnerapi-eu.amazon.com/sellers/v1/marketplaceParticipations');
    expect(sent?.headers).toMatchObject({
      'user-agent': 'my-app/2.0 (Language=TypeScript)',
      'x-amz-access-token': 'Atza|token-1',
      'x-amz-date': '20261126T130509Z',
    });
  });

  it('substitutes and encodes path parameters, JSON-encodes bodies, and returns undefined for 204', async () => {
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : { status: 204, headers: {}, body: '' },
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      endpoint: 'http://127.0.0.1:9999/',
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    const response = await client.call('updateShipmentStatus', {
      path: { orderId: '111-222/333' },
      body: { marketplaceId: 'ATVPDKIKX0DER', shipmentStatus: 'ReadyForPickup' },
    });
    expect(response.status).toBe(204);
    expect(response.body).toBeUndefined();
    const [sent] = amazon.spApiRequests();
    expect(sent?.url).toBe('http://127.0.0.1:9999/orders/v0/orders/111-222%2F333/shipment');
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(sent?.json).toEqual({ marketplaceId: 'ATVPDKIKX0DER', shipmentStatus: 'ReadyForPickup' });
  });

  it('rejects a missing path parameter before sending anything', async () => {
    const amazon = fakeAmazon(() => undefined);
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock: createFakeClock(),
    });
    await expect(client.call('getOrder@2026-01-01', { path: {} } as never)).rejects.toMatchObject({
      kind: 'usage',
      code: 'MISSING_PATH_PARAMETER',
    });
    expect(amazon.requests).toHaveLength(0);
  });

  it('writes the layer order down in one place', () => {
    expect(LAYER_ORDER).toEqual(['retry', 'tokens', 'rateLimit', 'auth', 'log']);
  });

  it('types requests and responses from the generated models', () => {
    expectTypeOf<OperationRequest<'getOrder@2026-01-01'>['path']>().toEqualTypeOf<{ orderId: string }>();
    expectTypeOf<
      OperationResponse<'searchOrders'>['body']['orders'][number]['orderId']
    >().toEqualTypeOf<string>();
    expectTypeOf<OperationResponse<'confirmShipment'>['body']>().toEqualTypeOf<undefined>();
  });
});

describe('options', () => {
  it('fails fast on values that cannot work, naming the fix', () => {
    expect(() => createSpApiClient({ clientId: '', clientSecret: 's' })).toThrow(/clientId is required/);
    expect(() => createSpApiClient({ ...CREDENTIALS, endpoint: '127.0.0.1:8080' })).toThrow(/absolute URL/);
    expect(() => createSpApiClient({ ...CREDENTIALS, region: 'us' as never })).toThrow(/na, eu, fe/);
    expect(() =>
      createSpApiClient({ ...CREDENTIALS, restrictedDataTokens: { operations: ['nope' as never] } }),
    ).toThrow(/unknown SP-API operation 'nope'/);
  });

  it('rejects an unknown operation key, even one named like an Object method', async () => {
    const client = createSpApiClient({ ...CREDENTIALS, transport: fakeAmazon(() => undefined).transport });
    await expect(client.call('toString' as never)).rejects.toThrow(/unknown SP-API operation/);
  });
});
