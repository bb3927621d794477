import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountRepository } from '../../src/accounts/index.js';
import { parseCsv } from '../../src/catalog/csv.js';
import {
  type CatalogContext,
  CatalogError,
  describeFailure,
  listListings,
  setPrice,
  setStock,
} from '../../src/catalog/index.js';
import { realClock } from '../../src/time/clock.js';
import { setFaults } from '../orders/support/sync-harness.js';
import { type CatalogWorld, catalogWorld, RATE_SCALE } from './support/catalog-world.js';

// The catalog as the REST API calls it: setStock/setPrice return Amazon's outcome; bad input is a
// CatalogError with a stable code and the field at fault, before anything is sent.

let w: CatalogWorld;
let ctx: CatalogContext;

beforeAll(async () => {
  w = await catalogWorld();
  ctx = {
    accounts: new AccountRepository(w.world.store.db, w.world.vault),
    clock: realClock,
    client: { rateLimit: { rateScale: RATE_SCALE } },
  };
});
afterAll(() => w?.close());

async function refusal(promise: Promise<unknown>): Promise<CatalogError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CatalogError);
  return error as CatalogError;
}

describe('setStock / setPrice', () => {
  it("return Amazon's outcome, and the listing changes", async () => {
    const [row] = (await w.truth()).filter((r) => r.fulfillmentChannelCode === 'DEFAULT');
    const target = { accountName: 'seller-1', marketplaceId: w.marketplaceId, sku: row!.sku };
    const stock = await setStock(ctx, { ...target, quantity: 3 });
    expect(stock).toMatchObject({
      status: 'ACCEPTED',
      issues: [],
      via: 'patch',
      after: '3',
      account: 'seller-1',
    });
    expect(stock.submissionId).toEqual(expect.any(String));
    const price = await setPrice(ctx, { ...target, amount: 9, currency: 'USD' });
    expect(price).toMatchObject({ status: 'ACCEPTED', after: '9.00 USD' });
    expect((await w.truth(row!.sku))[0]).toMatchObject({ quantity: 3, price: { amount: '9.00' } });
  });

  it('refuse bad input with a code and the field, nothing sent', async () => {
    await w.resetStats();
    const sku = (await w.truth()).find((r) => r.fulfillmentChannelCode === 'DEFAULT')!.sku;
    const base = { accountName: 'seller-1', marketplaceId: w.marketplaceId, sku };
    expect(await refusal(setStock(ctx, { ...base, quantity: -1 }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'quantity',
    });
    expect(await refusal(setPrice(ctx, { ...base, amount: '5', currency: 'GBP' }))).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'currency',
    });
    expect(await refusal(setStock(ctx, { ...base, sku: '', quantity: 1 }))).toMatchObject({ field: 'sku' });
    expect(await refusal(setStock(ctx, { ...base, accountName: 'nobody', quantity: 1 }))).toMatchObject({
      code: 'UNKNOWN_ACCOUNT',
      field: 'account',
    });
    expect(
      await refusal(setStock(ctx, { ...base, marketplaceId: 'A1PA6795UKMFR9', quantity: 1 })),
    ).toMatchObject({ code: 'UNKNOWN_MARKETPLACE', field: 'marketplace' });
    expect(await w.requests('getListingsItem')).toBe(0);
    expect(await refusal(setStock(ctx, { ...base, sku: 'NOT-LISTED', quantity: 1 }))).toMatchObject({
      code: 'UNKNOWN_SKU',
      field: 'sku',
    });
    expect(await w.requests('patchListingsItem')).toBe(0);
  });

  it('a patch whose answer is lost fails saying it may have applied and that sending it again is safe', async () => {
    const sku = (await w.truth()).filter((r) => r.fulfillmentChannelCode === 'DEFAULT')[5]!.sku;
    await setFaults(w.world.emulator, 'patchListingsItem:drop-after=1');
    try {
      const error = await setStock(ctx, {
        accountName: 'seller-1',
        marketplaceId: w.marketplaceId,
        sku,
        quantity: 77,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(describeFailure(error)).toMatch(
        /the change may have been applied .* sending the same value again is safe/,
      );
    } finally {
      await setFaults(w.world.emulator, '');
    }
    // The emulator applied it before dropping the answer; the client did not resend the PATCH by itself.
    expect((await w.truth(sku))[0]).toMatchObject({ quantity: 77, updates: 1 });
  });

  it('listListings yields every listing of the marketplace', async () => {
    const seen: string[] = [];
    for await (const l of listListings(ctx, { accountName: 'seller-1', marketplaceId: w.marketplaceId }))
      seen.push(l.sku);
    expect(seen.sort()).toEqual((await w.truth()).map((r) => r.sku).sort());
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF, a BOM, and keeps each record’s line', () => {
    const text = '\uFEFFsku,quantity\r\n"A,1",2\r\n\r\n"say ""hi""",3\n"two\nlines",4\nlast,5';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['sku', 'quantity'] },
      { line: 2, fields: ['A,1', '2'] },
      { line: 4, fields: ['say "hi"', '3'] },
      { line: 5, fields: ['two\nlines', '4'] },
      { line: 7, fields: ['last', '5'] },
    ]);
    expect(() => parseCsv('sku\n"open')).toThrow(/line 2: a quoted field is not closed/);
    expect(() => parseCsv('"a"b,1')).toThrow(/line 1: text after a closing quote/);
  });
});
