import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/amazon/generated/operations.js';
import type { OperationSpec } from '../../src/amazon/operation-spec.js';
import { startEmulator } from '../../src/emulator/index.js';
import { createFakeClock } from '../support/fake-clock.js';
import { modelStaticEntries, requestFor, staticAnswer, staticOracle } from '../support/model-schemas.js';

// `csm emulator --mode static` over real HTTP: every static entry of the covered models, sent the way a
// client sends it, answered with the status and body Amazon's sandbox gives.

const ENTRIES = modelStaticEntries();
// Amazon's sandbox answer, details included.
const NO_MATCH = {
  errors: [{ code: 'InvalidInput', message: 'Could not match input arguments', details: '' }],
};

interface Credentials {
  clientId: string;
  clientSecret: string;
  sellers: { refreshToken: string }[];
}

interface HttpRequest {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

async function lwaToken(url: string): Promise<string> {
  const creds = (await (await fetch(`${url}/_emulator/credentials`)).json()) as Credentials;
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: creds.sellers[0]?.refreshToken ?? '',
    client_id: creds.clientId,
    client_secret: creds.clientSecret,
  });
  const res = await fetch(`${url}/auth/o2/token`, { method: 'POST', body: form });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function send(
  url: string,
  token: string | null,
  op: OperationSpec,
  req: HttpRequest,
): Promise<{ status: number; body: unknown }> {
  const path = op.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(req.pathParams[n] ?? ''));
  // Commas stay literal, as SP-API clients send arrays.
  const query = Object.entries(req.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v).replaceAll('%2C', ',')}`)
    .join('&');
  const headers: Record<string, string> = { 'user-agent': 'csm-static-test/1.0 (Language=TypeScript)' };
  if (token !== null) headers['x-amz-access-token'] = token;
  if (req.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}${query ? `?${query}` : ''}`, {
    method: op.method,
    headers,
    ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

describe('static sandbox mode over HTTP', () => {
  let url = '';
  let close = async () => {};
  let token = '';

  beforeAll(async () => {
    // Sandbox limits are 5/s burst 15 per operation; the scale keeps the walk clear of them.
    const emu = await startEmulator({ mode: 'static', port: 0, rateScale: 100 });
    url = emu.url;
    close = emu.close;
    token = await lwaToken(url);
  });
  afterAll(() => close());

  it('answers every static entry of the covered models with its status and body', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const entry of ENTRIES) {
      const expected = staticAnswer(staticOracle(ENTRIES, entry.op, entry.params) ?? entry);
      const answer = await send(url, token, entry.op, requestFor(entry.op, entry.params));
      const label = `${entry.op.key} ${JSON.stringify(entry.params).slice(0, 80)}`;
      got.push(`${label} → ${answer.status} ${JSON.stringify(answer.body)}`);
      want.push(`${label} → ${expected.status} ${JSON.stringify(expected.body)}`);
    }
    expect(got).toEqual(want);
    expect(got).toHaveLength(89);
  });

  it("answers Amazon's could-not-match error when no entry matches, for every operation", async () => {
    for (const op of Object.values(OPERATIONS)) {
      const pathParams = Object.fromEntries(
        op.params.filter((p) => p.in === 'path').map((p) => [p.name, 'NO_SUCH_TEST_CASE']),
      );
      const hasBody = op.params.some((p) => p.in === 'body');
      const answer = await send(url, token, op, {
        pathParams,
        query: {},
        body: hasBody ? { no: 'match' } : undefined,
      });
      // Operations with a parameterless entry (Sellers, updateShipmentStatus) answer it for anything.
      const catchAll = ENTRIES.find((e) => e.op === op && Object.keys(e.params).length === 0);
      if (catchAll) expect(answer, op.key).toEqual(staticAnswer(catchAll));
      else expect(answer, op.key).toStrictEqual({ status: 400, body: NO_MATCH });
    }
  });

  it("a request that matches no case gets Amazon's sandbox answer byte for byte", async () => {
    const res = await fetch(`${url}/orders/v0/orders/NO_SUCH_TEST_CASE`, {
      headers: { 'x-amz-access-token': token, 'user-agent': 'static-sandbox-test/1.0' },
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(
      '{"errors":[{"code":"InvalidInput","message":"Could not match input arguments","details":""}]}',
    );
  });

  it('accepts any valid LWA token (no RDT for restricted operations) and refuses a missing one', async () => {
    const op = OPERATIONS.getOrderAddress;
    const req = { pathParams: { orderId: 'TEST_CASE_200' }, query: {}, body: undefined };
    expect((await send(url, token, op, req)).status).toBe(200);
    expect((await send(url, null, op, req)).status).toBe(403);
  });
});

describe('static sandbox mode rate limits', () => {
  it('throttles the 16th rapid call of one operation with 429 QuotaExceeded (5/s, burst 15)', async () => {
    // The fake clock stands still (nothing here sleeps): the bucket does not refill between calls, so the
    // outcome does not depend on speed.
    const emu = await startEmulator({ mode: 'static', port: 0, clock: createFakeClock() });
    try {
      const token = await lwaToken(emu.url);
      const req = { pathParams: { orderId: 'TEST_CASE_200' }, query: {}, body: undefined };
      const statuses: number[] = [];
      let last: unknown;
      for (let i = 0; i < 16; i++) {
        const answer = await send(emu.url, token, OPERATIONS['getOrder@v0'], req);
        statuses.push(answer.status);
        last = answer.body;
      }
      expect(statuses).toEqual([...Array(15).fill(200), 429]);
      expect(last).toMatchObject({ errors: [{ code: 'QuotaExceeded' }] });
      // Another operation has its own bucket.
      expect((await send(emu.url, token, OPERATIONS.getOrderItems, req)).status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});
