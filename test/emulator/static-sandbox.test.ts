import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/amazon/generated/operations.js';
import { locate } from '../../src/emulator/static-sandbox/entries.js';
import { bestMatch } from '../../src/emulator/static-sandbox/match.js';
import { loadStaticSandbox, type StaticRequest } from '../../src/emulator/static-sandbox.js';
import {
  MODEL_FILES,
  modelStaticEntries,
  placeOf,
  requestFor,
  staticAnswer,
  staticOracle,
  validateResponse,
} from '../support/model-schemas.js';

// Amazon's static entries come from test/support/model-schemas.ts, which reads the model JSON itself.

const NO_MATCH = {
  status: 400,
  body: { errors: [{ code: 'InvalidInput', message: 'Could not match input arguments', details: '' }] },
};

const ENTRIES = modelStaticEntries();
const sandbox = loadStaticSandbox();

describe('static sandbox: every static entry of the covered models', () => {
  it('finds the entries Amazon wrote in each model, for every operation of the table', () => {
    const perModel = Object.fromEntries(
      MODEL_FILES.map((m) => [m, ENTRIES.filter((e) => e.model === m).length]),
    );
    // Counted by hand from the model files; a model update that changes them should be looked at.
    expect(perModel).toEqual({
      'sellers.json': 3,
      'ordersV0.json': 31,
      'orders_2026-01-01.json': 8,
      'tokens_2021-03-01.json': 3,
      'feeds_2021-06-30.json': 12,
      'reports_2021-06-30.json': 18,
      'listingsItems_2021-08-01.json': 14,
      'fbaInventory.json': 0,
    });
    // FBA Inventory's getInventorySummaries has a dynamic sandbox only: no static entries to serve.
    const opsWithEntries = new Set(ENTRIES.map((e) => e.op.key));
    expect([...opsWithEntries].sort()).toEqual(
      Object.keys(OPERATIONS)
        .filter((key) => key !== 'getInventorySummaries')
        .sort(),
    );
  });

  it('places every entry parameter in the path, the query or the body (no header or undeclared ones)', () => {
    for (const entry of ENTRIES) {
      for (const name of Object.keys(entry.params)) {
        expect(`${entry.op.key} ${name} ${placeOf(entry.op, name)}`).toMatch(/ (path|query|body)$/);
        expect(`${entry.op.key} ${name} ${locate(entry.op, name)}`).toBe(
          `${entry.op.key} ${name} ${placeOf(entry.op, name)}`,
        );
      }
    }
  });

  it.each(ENTRIES.map((e, i) => [`${i} ${e.op.key} ${e.status}`, e] as const))(
    'answers the request built from entry %s with the most specific matching entry',
    (_name, entry) => {
      const expected = staticOracle(ENTRIES, entry.op, entry.params);
      expect(expected).toBeDefined();
      expect(sandbox.respond(entry.op.key, requestFor(entry.op, entry.params))).toStrictEqual(
        staticAnswer(expected ?? entry),
      );
    },
  );

  it('reaches every entry with its own request, except where an earlier entry names the same parameters', () => {
    const shadowed = ENTRIES.filter((e) => staticOracle(ENTRIES, e.op, e.params) !== e).map(
      (e) => `${e.op.key} ${e.status}`,
    );
    // getAccount's 400 entry names no parameters, like the 200 entry before it: the tie goes to the 200.
    expect(shadowed).toEqual(['getAccount 400']);
  });

  it("checks Amazon's own static responses against the model schemas: three of 45 disagree", () => {
    const disagreeing = ENTRIES.flatMap((e) => {
      const violations = validateResponse(e.op.key, e.status, staticAnswer(e).body);
      return violations.length > 0 ? [`${e.op.key} ${e.status}: ${violations.join('; ')}`] : [];
    });
    // The sandbox returns what Amazon's sandbox returns, schema or not; these are Amazon's, not ours.
    expect(disagreeing).toEqual([
      "getAccount 200: /payload/marketplaceParticipationList/0/marketplace must have required property 'defaultCurrencyCode'; /payload/marketplaceParticipationList/0/marketplace must have required property 'defaultLanguageCode'",
      "updateVerificationStatus 400: / must have required property 'errors'",
      "updateVerificationStatus 400: / must have required property 'errors'",
    ]);
  });

  it('answers like the oracle when any one parameter of any entry is changed', () => {
    let noMatch = 0;
    let fallback = 0;
    for (const entry of ENTRIES) {
      for (const [name, value] of Object.entries(entry.params)) {
        const changed = { ...entry.params, [name]: mutate(value) };
        const expected = staticOracle(ENTRIES, entry.op, changed);
        const got = sandbox.respond(entry.op.key, requestFor(entry.op, changed));
        if (expected) {
          fallback += 1;
          expect(got).toStrictEqual(staticAnswer(expected));
        } else {
          noMatch += 1;
          expect(got, `${entry.op.key} with ${name} changed`).toStrictEqual(NO_MATCH);
        }
      }
    }
    expect(noMatch).toBeGreaterThan(30);
    // updateShipmentStatus's parameterless 204 entry catches a changed 400 body; getOrders' NEXT_TOKEN page.
    expect(fallback).toBeGreaterThan(0);
  });
});

/** A value that differs from the given one but keeps its JSON type. */
function mutate(value: unknown): unknown {
  if (Array.isArray(value)) return [...value, 'EXTRA'];
  if (value !== null && typeof value === 'object') return { ...value, extra: 'x' };
  return `${String(value)}X`;
}

describe('static sandbox: matching rule', () => {
  const getOrdersPage = (extra: Record<string, string>) =>
    sandbox.respond('getOrders', {
      pathParams: {},
      query: { CreatedAfter: 'TEST_CASE_200_NEXT_TOKEN', MarketplaceIds: 'ATVPDKIKX0DER', ...extra },
      body: undefined,
    });

  it('prefers the entry naming more parameters (getOrders NEXT_TOKEN: first page, then second page)', () => {
    const first = getOrdersPage({}) as { status: number; body: { payload: { NextToken?: string } } };
    expect(first.status).toBe(200);
    expect(first.body.payload.NextToken).toBe('2YgYW55IGNhcm5hbCBwbGVhc3VyZS4');
    const second = getOrdersPage({ NextToken: first.body.payload.NextToken ?? '' }) as typeof first;
    expect(second.status).toBe(200);
    expect(second.body.payload.NextToken).toBeUndefined();
    // A NextToken the entries do not name leaves only the less specific first-page entry.
    expect(getOrdersPage({ NextToken: 'other' })).toStrictEqual(first);
  });

  it('ignores parameters an entry does not name, and matches a parameterless entry with anything', () => {
    const order = sandbox.respond('getOrder@v0', {
      pathParams: { orderId: 'TEST_CASE_200' },
      query: { unrelated: '1' },
      body: { also: 'ignored' },
    });
    expect(order.status).toBe(200);
    const shipment = (body: unknown) =>
      sandbox.respond('updateShipmentStatus', {
        pathParams: { orderId: '123-1234567-1234567' },
        query: {},
        body,
      });
    expect(shipment({ marketplaceId: 'ATVPDKIKX0DER', shipmentStatus: 'PickedUp' })).toStrictEqual({
      status: 204,
      body: undefined,
    });
    // Key order of a JSON body does not matter; the 400 entry is more specific than the 204 one.
    expect(shipment({ shipmentStatus: 'ReadyForPickup', marketplaceId: '1' }).status).toBe(400);
  });

  it("answers Amazon's could-not-match error for requests no entry covers", () => {
    const cases: [string, StaticRequest][] = [
      ['getOrder@v0', { pathParams: { orderId: '902-1845936-5435065' }, query: {}, body: undefined }],
      ['getOrders', { pathParams: {}, query: { CreatedAfter: 'TEST_CASE_200' }, body: undefined }],
      [
        'getOrders',
        {
          pathParams: {},
          query: { CreatedAfter: 'TEST_CASE_200', MarketplaceIds: 'ATVPDKIKX0DER,A2EUQ1WTGCTBG2' },
          body: undefined,
        },
      ],
      [
        'getOrder@2026-01-01',
        {
          pathParams: { orderId: '114-9876543-1234567' },
          query: { includedData: 'PROCEEDS,RECIPIENT,FULFILLMENT' },
          body: undefined,
        },
      ],
      ['createRestrictedDataToken', { pathParams: {}, query: {}, body: undefined }],
      ['getOrderAddress', { pathParams: { orderId: 'test_case_200' }, query: {}, body: undefined }],
    ];
    for (const [opKey, req] of cases) expect(sandbox.respond(opKey, req), opKey).toStrictEqual(NO_MATCH);
  });

  it('compares query numbers and booleans by their string form', () => {
    const op = OPERATIONS.getOrders;
    const entry = {
      status: 200,
      index: 0,
      response: {},
      params: [
        { name: 'MaxResultsPerPage', location: locate(op, 'MaxResultsPerPage'), value: 10 },
        { name: 'IsISPU', location: locate(op, 'IsISPU'), value: false },
      ],
    };
    const req = (MaxResultsPerPage: string, IsISPU: string) => ({
      pathParams: {},
      query: { MaxResultsPerPage, IsISPU },
      body: undefined,
    });
    expect(bestMatch([entry], req('10', 'false'))).toBe(entry);
    expect(bestMatch([entry], req('10', 'true'))).toBeUndefined();
    expect(bestMatch([entry], req('010', 'false'))).toBeUndefined();
  });

  it('treats header and undeclared parameters as unmatchable, and body/payload as the body', () => {
    expect(locate(OPERATIONS.confirmShipment, 'body')).toBe('body');
    expect(locate(OPERATIONS.confirmShipment, 'payload')).toBe('body');
    expect(locate(OPERATIONS.getAccount, 'body')).toBe('unmatchable');
    expect(locate(OPERATIONS['getOrder@v0'], 'x-amzn-idempotency-token')).toBe('unmatchable');
  });

  it('reads a parameter named without a value as no condition (Listings Items catch-all), below a named one', () => {
    const get = (sku: string) =>
      sandbox.respond('getListingsItem', {
        pathParams: { sellerId: 'A1', sku },
        query: { marketplaceIds: 'ATVPDKIKX0DER' },
        body: undefined,
      });
    expect(get('ANY-SKU')).toMatchObject({ status: 200, body: { sku: 'GM-ZDPI-9B4E' } });
    expect(get('BadSKU')).toMatchObject({ status: 400, body: { errors: [{ code: 'BAD_REQUEST' }] } });
    const patch = sandbox.respond('patchListingsItem', {
      pathParams: { sellerId: 'A1', sku: 'BadSKU' },
      query: {},
      body: { productType: 'X', patches: [] },
    });
    expect(patch.status).toBe(400);
    // FBA Inventory has only a dynamic sandbox: nothing static matches.
    expect(
      sandbox.respond('getInventorySummaries', { pathParams: {}, query: {}, body: undefined }),
    ).toStrictEqual(NO_MATCH);
  });

  it('answers 404 with an errors[] body for an operation it does not know', () => {
    const res = sandbox.respond('getWidgets', { pathParams: {}, query: {}, body: undefined });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      errors: [{ code: 'NotFound', message: expect.stringContaining('getWidgets') }],
    });
  });

  it('hands out copies: changing one answer does not change the next', () => {
    const req = { pathParams: {}, query: {}, body: undefined };
    const first = sandbox.respond('getAccount', req).body as { payload: { businessType: string } };
    first.payload.businessType = 'CHANGED';
    expect(sandbox.respond('getAccount', req).body).not.toMatchObject({
      payload: { businessType: 'CHANGED' },
    });
    expect(loadStaticSandbox()).toBe(sandbox);
  });
});
