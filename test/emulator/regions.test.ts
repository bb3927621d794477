import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmulator, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createFakeClock } from '../support/fake-clock.js';

// Regional mode over real HTTP: one extra port per region, where a seller of another region gets Amazon's
// wrong-region 403, while the main port keeps serving every region.

const DENIED = {
  errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }],
};

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({
    clock: createFakeClock(Date.parse('2026-06-01T12:00:00Z')),
    regionalEndpoints: true,
    sellers: 3,
    orders: 10,
    seed: 5,
  });
});
afterAll(async () => {
  await emulator.close();
});

async function accessToken(base: string, sellerIndex: number): Promise<string> {
  const { clientId, clientSecret, sellers } = emulator.credentials;
  const res = await fetch(`${base}/auth/o2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: sellers[sellerIndex]!.refreshToken,
      client_id: clientId,
      client_secret: clientSecret,
    }).toString(),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

const participations = (base: string, token: string): Promise<Response> =>
  fetch(`${base}/sellers/v1/marketplaceParticipations`, {
    headers: { 'x-amz-access-token': token, 'user-agent': 'csm-tests/1.0' },
  });

describe('regional endpoints', () => {
  it('listens on one more port per region and reports them in the credentials', async () => {
    const endpoints = emulator.endpoints!;
    expect(Object.keys(endpoints).sort()).toEqual(['eu', 'fe', 'na']);
    const urls = [emulator.url, endpoints.na, endpoints.eu, endpoints.fe];
    for (const url of urls) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(new Set(urls).size).toBe(4);
    const creds = (await (await fetch(`${emulator.url}/_emulator/credentials`)).json()) as {
      endpoints: unknown;
    };
    expect(creds.endpoints).toEqual(endpoints);
    expect(emulator.credentials.endpoints).toEqual(endpoints);
  });

  it("a seller's own region answers; another region's port gives Amazon's 403 with empty details", async () => {
    const { sellers } = emulator.credentials;
    expect(sellers.map((s) => s.region)).toEqual(['na', 'eu', 'fe']);
    const endpoints = emulator.endpoints!;
    for (const [index, seller] of sellers.entries()) {
      // LWA answers on every port, as api.amazon.com serves every region.
      const token = await accessToken(endpoints[seller.region], index);
      for (const region of ['na', 'eu', 'fe'] as const) {
        const res = await participations(endpoints[region], token);
        if (region === seller.region) {
          expect(res.status).toBe(200);
        } else {
          expect(res.status).toBe(403);
          expect(await res.json()).toEqual(DENIED);
        }
      }
      // The main port stays region-agnostic.
      expect((await participations(emulator.url, token)).status).toBe(200);
    }
  });

  it('the region check comes after authentication: a bad token is still "revoked, malformed or invalid"', async () => {
    const res = await participations(emulator.endpoints!.eu, 'Atza|nope');
    expect(res.status).toBe(403);
    expect(((await res.json()) as typeof DENIED).errors[0]!.details).toBe(
      'The access token you provided is revoked, malformed or invalid.',
    );
  });

  it("a region's consent page offers only that region's sellers", async () => {
    const { applicationId, sellers } = emulator.credentials;
    const query = new URLSearchParams({
      application_id: applicationId,
      redirect_uri: 'http://127.0.0.1:4000/callback',
    });
    const eu = await (await fetch(`${emulator.endpoints!.eu}/apps/authorize/consent?${query}`)).text();
    expect(eu).toContain(`<option value="${sellers[1]!.sellerId}" selected>`);
    expect(eu).not.toContain(sellers[0]!.sellerId);
    const forged = await fetch(`${emulator.endpoints!.eu}/apps/authorize/consent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        ...Object.fromEntries(query),
        seller_id: sellers[0]!.sellerId,
        decision: 'approve',
      }),
      redirect: 'manual',
    });
    expect(forged.headers.get('x-emulator-consent-error')).toBe('UnknownSeller');
    const main = await (await fetch(`${emulator.url}/apps/authorize/consent?${query}`)).text();
    for (const s of sellers) expect(main).toContain(s.sellerId);
  });

  it('is off by default: no endpoints, and a port too high for three more is refused', async () => {
    const plain = await startEmulator({ orders: 0, sellers: 1 });
    try {
      expect(plain.endpoints).toBeUndefined();
      const creds = (await (await fetch(`${plain.url}/_emulator/credentials`)).json()) as object;
      expect(creds).not.toHaveProperty('endpoints');
    } finally {
      await plain.close();
    }
    expect(() => buildEmulator({ regionalEndpoints: true, port: 65534 })).toThrow(/--port.*65532/);
  });

  it('closing stops the regional ports too', async () => {
    const emu = await startEmulator({ regionalEndpoints: true, orders: 0, sellers: 1 });
    const { na } = emu.endpoints!;
    expect((await fetch(`${na}/_emulator/credentials`)).status).toBe(200);
    await emu.close();
    await expect(fetch(`${na}/_emulator/credentials`)).rejects.toThrow();
  });
});

describe('the Date header', () => {
  it("tells the emulator's clock, on every surface", async () => {
    const clock = createFakeClock(Date.parse('2031-02-03T04:05:06Z'));
    const emu = await startEmulator({ clock, orders: 0, sellers: 1 });
    try {
      for (const path of [
        '/_emulator/credentials',
        '/auth/o2/token',
        '/sts',
        '/apps/authorize/consent',
        '/x',
      ]) {
        const res = await fetch(`${emu.url}${path}`);
        expect(res.headers.get('date')).toBe('Mon, 03 Feb 2031 04:05:06 GMT');
      }
    } finally {
      await emu.close();
    }
  });
});
