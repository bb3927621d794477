import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultSpecError, parseFaultSpec } from '../../src/emulator/index.js';
import { type Harness, harness } from './support/emulator-harness.js';

// Whatever a client sends to the controls (or to LWA), the emulator answers with a status below 500, a
// JSON body in the surface's error shape, and never a secret inside an error.

/** The shapes of everything secret the emulator hands out: client secrets, refresh and access tokens, RDTs. */
const SECRET = /amzn1\.oa2-cs\.v1\.[0-9a-f]{64}|Atzr\|[\w-]{96}|Atza\|[\w-]{20,}|Atz\.sprdt\|[\w-]{20,}/;

/** Every control endpoint with its method; `{seller}` is filled by the fuzzer. */
const ENDPOINTS: readonly (readonly [string, string])[] = [
  ['GET', '/_emulator/credentials'],
  ['POST', '/_emulator/sellers/{seller}/revoke'],
  ['POST', '/_emulator/sellers/{seller}/authorization-code'],
  ['POST', '/_emulator/sellers/{seller}/refresh-token'],
  ['POST', '/_emulator/app/expire-secret'],
  ['POST', '/_emulator/app/rotate-secret'],
  ['GET', '/_emulator/app/roles'],
  ['PUT', '/_emulator/app/roles'],
  ['POST', '/_emulator/tokens/expire'],
  ['POST', '/_emulator/activity'],
  ['GET', '/_emulator/orders'],
  ['GET', '/_emulator/stats'],
  ['DELETE', '/_emulator/stats'],
  ['GET', '/_emulator/faults'],
  ['PUT', '/_emulator/faults'],
  ['GET', '/_emulator/listings'],
  ['POST', '/_emulator/listings'],
  ['GET', '/_emulator/feeds'],
  ['GET', '/_emulator/processing'],
  ['PUT', '/_emulator/processing'],
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const FIELDS = [
  'roles',
  'spec',
  'created',
  'updated',
  'at',
  'sellerId',
  'clientId',
  'redirectUri',
  'count',
  'fulfilledBy',
  'quantity',
  'skuPrefix',
  'inQueueMs',
  'inProgressMs',
  'compression',
  '__proto__',
];

/** Values a field may get: well-typed ones, small numbers (so activity stays cheap), and any JSON. */
const fieldValue = fc.oneof(
  fc.integer({ min: -3, max: 40 }),
  fc.constantFrom('pricing', 'taxInvoicing', '2026-05-01T00:00:00Z', '', 'lwa:latency=1', '429=0x1', 'A1'),
  fc.array(fc.constantFrom('pricing', 'superpowers', 'taxInvoicing'), { maxLength: 3 }),
  fc.string({ maxLength: 30 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const body = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 4 }).map((o) => JSON.stringify(o)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '{',
    '{"roles":',
    'null',
    '[]',
    '""',
    '{"spec":"429=1;;"}',
    '\u0000',
    '{"__proto__":{"x":1}}',
  ),
);

const segment = fc.oneof(
  { weight: 3, arbitrary: fc.constant('SELLER') },
  { weight: 1, arbitrary: fc.constantFrom('ANOBODY', '%20', '..', '%E2%82%AC', '%zz', 'x'.repeat(300)) },
  { weight: 1, arbitrary: fc.webSegment() },
);

const request = fc.record({
  // Mostly a real endpoint with its own method, so requests get past routing to the schemas and handlers.
  endpoint: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...ENDPOINTS) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom(...METHODS), fc.constantFrom(...ENDPOINTS.map(([, p]) => p))),
    },
  ),
  seller: segment,
  suffix: fc.oneof(
    { weight: 5, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: segment.map((x) => `/${x}`) },
  ),
  query: fc.oneof(
    fc.constant(''),
    fc.constantFrom(
      '?sellerId=SELLER',
      '?sellerId=',
      '?sellerId=a&sellerId=b',
      '?x=%zz',
      '?sellerId=ANOBODY',
    ),
    fc.webQueryParameters().map((q) => `?${q}`),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json',
    'application/x-www-form-urlencoded',
    'text/plain',
    undefined,
  ),
  body,
});

describe('fuzzing the control endpoints and LWA', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ orders: 3, sellers: 2 });
  });
  afterAll(async () => h.app.close());

  it('no 500, JSON errors in the control shape, no secret in an error body', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method, path] = r.endpoint;
        const url = `${path.replace('{seller}', r.seller)}${r.suffix}${r.query}`.replaceAll(
          'SELLER',
          h.sellerId(),
        );
        const res = await h.app.inject({
          method: method as 'GET',
          url,
          ...(r.contentType === undefined ? {} : { headers: { 'content-type': r.contentType } }),
          ...(r.body === undefined || method === 'GET' || method === 'HEAD' ? {} : { payload: r.body }),
        });
        expect(res.statusCode, url).toBeLessThan(500);
        if (res.statusCode >= 400 && method !== 'HEAD') {
          const parsed = JSON.parse(res.body) as unknown;
          // Control paths answer { error }; a path that does not decode fails before routing, in Amazon's shape.
          expect(parsed, url).toSatisfy(
            (b: Record<string, unknown>) =>
              typeof b.error === 'string' || (Array.isArray(b.errors) && b.errors.length === 1),
          );
          expect(res.body, url).not.toMatch(SECRET);
        }
      }),
      { numRuns: 400, seed: 20_260_601 },
    );
    // Still serving, and what the controls changed is still consistent.
    const credentials = await h.control('GET', '/_emulator/credentials');
    expect(credentials.statusCode).toBe(200);
    expect(credentials.json().clientSecret).toBe(h.app.emulator.clientSecret);
  });

  it('LWA: no 500, errors as { error, error_description }, never a secret in them', async () => {
    await h.control('PUT', '/_emulator/faults', { spec: '' }); // whatever the fuzzing above left
    const value = fc.oneof(
      fc.constantFrom(
        'refresh_token',
        'client_credentials',
        'authorization_code',
        'sellingpartnerapi::notifications',
      ),
      fc.constantFrom('CLIENT_ID', 'CLIENT_SECRET', 'REFRESH_TOKEN'),
      fc.string({ maxLength: 40 }),
    );
    const form = fc.dictionary(
      fc.constantFrom(
        'grant_type',
        'client_id',
        'client_secret',
        'refresh_token',
        'scope',
        'code',
        'redirect_uri',
      ),
      value,
      { maxKeys: 6 },
    );
    await fc.assert(
      fc.asyncProperty(form, fc.boolean(), async (fields, json) => {
        const real: Record<string, string> = {
          CLIENT_ID: h.creds.clientId,
          CLIENT_SECRET: h.app.emulator.clientSecret,
          REFRESH_TOKEN: h.creds.sellers[0]!.refreshToken,
        };
        const filled = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, real[v] ?? v]));
        const res = await h.lwa(filled, json);
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode >= 400) {
          expect(res.json()).toEqual({ error: expect.any(String), error_description: expect.any(String) });
          expect(res.body).not.toMatch(SECRET);
        }
      }),
      { numRuns: 300, seed: 20_260_602 },
    );
  });

  it('the fault SPEC parser throws nothing but FaultSpecError, and PUT /_emulator/faults never 500s', async () => {
    const token = fc.constantFrom(
      '429',
      '500',
      '503',
      '5xx',
      'drop',
      'malformed',
      'expired-token',
      'latency',
      'lwa',
      'searchOrders',
      'getOrder@2026-01-01',
      '=',
      ':',
      ',',
      ';',
      '-',
      '0',
      '1',
      '0.5',
      '.5',
      '0x1',
      '1e3',
      '600001',
      ' ',
      '',
    );
    const spec = fc.oneof(
      fc.array(token, { maxLength: 12 }).map((t) => t.join('')),
      fc.string({ maxLength: 40 }),
    );
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        try {
          parseFaultSpec(s);
        } catch (error) {
          expect(error).toBeInstanceOf(FaultSpecError);
        }
        const res = await h.control('PUT', '/_emulator/faults', { spec: s });
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 500, seed: 20_260_603 },
    );
    await h.control('PUT', '/_emulator/faults', { spec: '' });
  });
});
