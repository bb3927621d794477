import { afterAll, describe, expect, it } from 'vitest';
import { buildEmulator } from '../../src/emulator/index.js';
import { type Harness, harness } from './support/emulator-harness.js';

describe('emulator credentials', () => {
  let h: Harness;
  afterAll(async () => h?.app.close());

  it('GET /_emulator/credentials has the contract shape and Amazon prefixes', async () => {
    h = await harness({ sellers: 4, orders: 5 });
    const res = await h.control('GET', '/_emulator/credentials');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    const c = res.json();
    expect(Object.keys(c).sort()).toEqual(['applicationId', 'aws', 'clientId', 'clientSecret', 'sellers']);
    expect(c.applicationId).toMatch(
      /^amzn1\.sellerapps\.app\.[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(c.clientId).toMatch(/^amzn1\.application-oa2-client\.[0-9a-f]{32}$/);
    expect(c.clientSecret).toMatch(/^amzn1\.oa2-cs\.v1\.[0-9a-f]{64}$/);
    expect(c.sellers).toHaveLength(4);
    for (const s of c.sellers) {
      expect(Object.keys(s).sort()).toEqual(['marketplaceIds', 'refreshToken', 'region', 'sellerId']);
      expect(s.refreshToken).toMatch(/^Atzr\|[A-Za-z0-9_-]{64,}$/);
      expect(s.sellerId).toMatch(/^A[A-Z0-9]{13}$/);
    }
    expect(c.sellers.map((s: { region: string }) => s.region)).toEqual(['na', 'eu', 'fe', 'na']);
    expect(c.sellers[0].marketplaceIds).toEqual(['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2', 'A1AM78C64UM0Y8']);
    expect(c.sellers[1].marketplaceIds).toEqual([
      'A1PA6795UKMFR9',
      'A1F83G8C2ARO7P',
      'A13V1IB3VIYZZH',
      'APJ6JRA9NG5V4',
      'A1RKKUPIHCS9HS',
    ]);
    expect(c.sellers[2].marketplaceIds).toEqual(['A1VC38T7YXB528']);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const a = buildEmulator({ seed: 7, orders: 0 }).emulator.publicCredentials();
    const b = buildEmulator({ seed: 7, orders: 0 }).emulator.publicCredentials();
    const c = buildEmulator({ seed: 8, orders: 0 }).emulator.publicCredentials();
    expect(a).toEqual(b);
    expect(c.clientSecret).not.toBe(a.clientSecret);
    expect(c.sellers[0]!.refreshToken).not.toBe(a.sellers[0]!.refreshToken);
  });

  it('rejects bad options with the flag named', () => {
    expect(() => buildEmulator({ sellers: 0 })).toThrow(/--sellers/);
    expect(() => buildEmulator({ rateScale: -1 })).toThrow(/--rate-scale/);
    expect(() => buildEmulator({ faults: 'bogus=1' })).toThrow(/--faults: unknown fault kind 'bogus'/);
    expect(() => buildEmulator({ mode: 'weird' as 'static' })).toThrow(/--mode/);
  });
});
