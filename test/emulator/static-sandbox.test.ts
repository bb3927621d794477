import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { locate } from '../../src/emulator/static-sandbox/entries.js';
import { bestMatch } from '../../src/emulator/static-sandbox/match.js';
import { loadStaticSandbox, type StaticRequest } from '../../src/emulator/static-sandbox.js';
import { OPERATIONS } from '../../src/sp-api/generated/operations.js';
import type { OperationSpec } from '../../src/sp-api/operation-spec.js';
import { validateResponse } from '../support/model-schemas.js';

// The static entries are read straight from the model JSON here, not through the code under test, so the
// expectations do not share its reading of the models.

interface ModelEntry {
  readonly model: string;
  readonly op: OperationSpec;
  readonly status: number;
  /** Parameter name → value, as the entry writes them. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly response: unknown;
}

interface RawEntry {
  request: { parameters: Record<string, { value: unknown }> };
  response: unknown;
}
type RawResponses = Record<string, { 'x-amzn-api-sandbox'?: { static?: RawEntry[] } }>;
type RawModel = { paths: Record<string, Record<string, { responses?: RawResponses }>> };

const MODEL_FILES = ['sellers.json', 'ordersV0.json', 'orders_2026-01-01.json', 'tokens_2021-03-01.json'];
const ALL_OPS: OperationSpec[] = Object.values(OPERATIONS);

function modelEntries(): ModelEntry[] {
  const out: ModelEntry[] = [];
  for (const model of MODEL_FILES) {
    const url = new URL(`../../models/sp-api/${model}`, import.meta.url);
    const raw = JSON.parse(readFileSync(url, 'utf8')) as RawModel;
    for (const [path, item] of Object.entries(raw.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const op = ALL_OPS.find(
          (o) => o.model === model && o.path === path && o.method === method.toUpperCase(),
        );
        for (const [code, response] of Object.entries(operation.responses ?? {})) {
          for (const entry of response['x-amzn-api-sandbox']?.static ?? []) {
            if (!op) throw new Error(`${model} ${method} ${path}: static entries but no operation table row`);
            const params = Object.fromEntries(
              Object.entries(entry.request.parameters).map(([name, p]) => [name, p.value]),
            );
            out.push({ model, op, status: Number(code), params, response: entry.response });
          }
        }
      }
    }
  }
  return out;
}

/** Where a parameter goes: as the operation declares it; `body`/`payload` name the body parameter. */
function placeOf(op: OperationSpec, name: string): string {
  const declared = op.params.find((p) => p.name === name);
  if (declared) return declared.in;
  return name === 'body' || name === 'payload' ? 'body' : 'undeclared';
}

/** The request an entry describes, as the server hands it over (query arrays comma-joined). */
function requestFor(op: OperationSpec, params: Readonly<Record<string, unknown>>): StaticRequest {
  const req: StaticRequest = { pathParams: {}, query: {}, body: undefined };
  for (const [name, value] of Object.entries(params)) {
    const place = placeOf(op, name);
    if (place === 'path') req.pathParams[name] = String(value);
    else if (place === 'query') req.query[name] = Array.isArray(value) ? value.join(',') : String(value);
    else if (place === 'body') req.body = value;
    else throw new Error(`${op.key}: cannot place parameter ${name} (${place})`);
  }
  return req;
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    expect(a).toStrictEqual(b);
    return true;
  } catch {
    return false;
  }
}

/**
 * The oracle: of the operation's entries whose every parameter the request carries with an equal value,
 * the one with most parameters, the first in model order on a tie. Requests here are written with model
 * values (not query strings), so plain deep equality is the whole rule.
 */
function expectedFor(op: OperationSpec, params: Readonly<Record<string, unknown>>): ModelEntry | undefined {
  let best: ModelEntry | undefined;
  for (const entry of ENTRIES.filter((e) => e.op === op)) {
    const matches = Object.entries(entry.params).every(
      ([name, value]) => Object.hasOwn(params, name) && sameJson(params[name], value),
    );
    if (matches && (!best || Object.keys(entry.params).length > Object.keys(best.params).length))
      best = entry;
  }
  return best;
}

/** What the sandbox should answer for an entry: its status, its response, none under 204. */
function answerOf(entry: ModelEntry): { status: number; body: unknown } {
  return { status: entry.status, body: entry.status === 204 ? undefined : entry.response };
}

const NO_MATCH = {
  status: 400,
  body: { errors: [{ code: 'InvalidInput', message: 'Could not match input arguments' }] },
};

const ENTRIES = modelEntries();
const sandbox = loadStaticSandbox();

describe('static sandbox: every static entry of the four models', () => {
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
    });
    const opsWithEntries = new Set(ENTRIES.map((e) => e.op.key));
    expect([...opsWithEntries].sort()).toEqual(Object.keys(OPERATIONS).sort());
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
      const expected = expectedFor(entry.op, entry.params);
      expect(expected).toBeDefined();
      expect(sandbox.respond(entry.op.key, requestFor(entry.op, entry.params))).toStrictEqual(
        answerOf(expected ?? entry),
      );
    },
  );

  it('reaches every entry with its own request, except where an earlier entry names the same parameters', () => {
    const shadowed = ENTRIES.filter((e) => expectedFor(e.op, e.params) !== e).map(
      (e) => `${e.op.key} ${e.status}`,
    );
    // getAccount's 400 entry names no parameters, like the 200 entry before it: the tie goes to the 200.
    expect(shadowed).toEqual(['getAccount 400']);
  });

  it("checks Amazon's own static responses against the model schemas: three of 45 disagree", () => {
    const disagreeing = ENTRIES.flatMap((e) => {
      const violations = validateResponse(e.op.key, e.status, answerOf(e).body);
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
        const expected = expectedFor(entry.op, changed);
        const got = sandbox.respond(entry.op.key, requestFor(entry.op, changed));
        if (expected) {
          fallback += 1;
          expect(got).toStrictEqual(answerOf(expected));
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

  it('answers 404 with an errors[] body for an operation it does not know', () => {
    const res = sandbox.respond('getFeed', { pathParams: {}, query: {}, body: undefined });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      errors: [{ code: 'NotFound', message: expect.stringContaining('getFeed') }],
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
