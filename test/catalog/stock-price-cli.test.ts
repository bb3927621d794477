import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CatalogWorld, catalogWorld, type TruthListing } from './support/catalog-world.js';

// Issue 11, points 5 and 8: csm stock set and csm price set, one SKU and from CSV through patchListingsItem,
// proved by the emulator's listings (the ground truth), and bad input refused with nothing sent.

let w: CatalogWorld;
let merchant: TruthListing[];
let fba: TruthListing;

beforeAll(async () => {
  w = await catalogWorld();
  const rows = await w.truth();
  merchant = rows.filter((r) => r.fulfillmentChannelCode === 'DEFAULT');
  fba = rows.find((r) => r.fulfillmentChannelCode !== 'DEFAULT')!;
  expect(merchant.length).toBeGreaterThan(10);
});
afterAll(() => w?.close());

const quantityOf = async (sku: string) => (await w.truth(sku))[0]?.quantity;
const priceOf = async (sku: string) => (await w.truth(sku))[0]?.price;

describe('csm stock set / csm price set, one SKU', () => {
  it("sets a SKU's stock, waits for Amazon's ACCEPTED and shows before and after", async () => {
    const row = merchant[0]!;
    const quantity = (row.quantity ?? 0) + 17;
    const run = await w.run(['stock', 'set', row.sku, String(quantity)]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [header, line] = run.stdout.trim().split('\n');
    expect(header).toMatch(/^SKU\s+MARKETPLACE\s+STATUS\s+BEFORE\s+AFTER\s+VIA\s+SUBMISSION$/);
    expect(line).toMatch(
      new RegExp(
        `^${row.sku}\\s+${w.marketplaceId}\\s+ACCEPTED\\s+${row.quantity}\\s+${quantity}\\s+patch\\s+\\S+`,
      ),
    );
    expect(await quantityOf(row.sku)).toBe(quantity);
  });

  it("sets a price in the marketplace's currency; --json prints Amazon's answer", async () => {
    const row = merchant[1]!;
    const run = await w.run(['price', 'set', row.sku, '12.5', 'usd', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      sku: row.sku,
      marketplaceId: w.marketplaceId,
      status: 'ACCEPTED',
      issues: [],
      via: 'patch',
      after: '12.50 USD',
      before: `${row.price?.amount} USD`,
    });
    expect(await priceOf(row.sku)).toEqual({ amount: '12.50', currencyCode: 'USD' });
  });

  it('an unknown SKU exits 2 and nothing is patched (Amazon would answer ACCEPTED and change nothing)', async () => {
    await w.resetStats();
    const run = await w.run(['stock', 'set', 'NO-SUCH-SKU-1', '5']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /csm: SKU "NO-SUCH-SKU-1" is not a listing of account seller-1 in \w+: check the SKU/,
    );
    expect(await w.requests('getListingsItem')).toBe(1);
    expect(await w.requests('patchListingsItem')).toBe(0);
  });

  it('negative stock, a negative price, another currency, a malformed SKU: exit 2 with nothing sent', async () => {
    await w.resetStats();
    const sku = merchant[2]!.sku;
    const cases: [string[], RegExp][] = [
      [['stock', 'set', sku, '-3'], /quantity -3 is negative/],
      [['stock', 'set', sku, '2.5'], /quantity '2.5' is not a whole number/],
      [['price', 'set', sku, '-1.00', 'USD'], /amount -1.00 is negative/],
      [['price', 'set', sku, '10', 'EUR'], /currency EUR is not the currency of .* prices there are in USD/],
      [['price', 'set', sku, '10.999', 'USD'], /more decimals than USD takes \(2\)/],
      [['stock', 'set', 'X'.repeat(41), '1'], /is 41 characters long: Amazon's SKUs have at most 40/],
      [['stock', 'set', `${sku} `, '1'], /starts or ends with a space/],
      [['stock', 'set', sku], /needs SKU QUANTITY/],
    ];
    for (const [args, message] of cases) {
      const run = await w.run(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stdout).toBe('');
    }
    expect(await w.requests('getListingsItem')).toBe(0);
    expect(await w.requests('patchListingsItem')).toBe(0);
    const unknownMarketplace = await w.run(['stock', 'set', sku, '1', '--marketplace', 'XX'], {
      target: false,
    });
    expect(unknownMarketplace.code).toBe(2);
    expect(unknownMarketplace.stderr).toMatch(/marketplace 'XX' is not one of Amazon's marketplace ids/);
  });

  it("an FBA SKU's stock is Amazon's count: exit 2, pointing to csm inventory, nothing patched", async () => {
    await w.resetStats();
    const run = await w.run(['stock', 'set', fba.sku, '9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/is fulfilled by Amazon \(AMAZON_\w+\).*csm inventory shows it/);
    expect(await w.requests('patchListingsItem')).toBe(0);
  });
});

describe('csm stock set --file / csm price set --file through patchListingsItem', () => {
  it('prints the CSV header with --template', async () => {
    expect((await w.run(['stock', 'set', '--template'], { target: false })).stdout).toBe(
      'sku,quantity,marketplace_id\n',
    );
    expect((await w.run(['price', 'set', '--template'], { target: false })).stdout).toBe(
      'sku,amount,currency,marketplace_id\n',
    );
  });

  it('sets every row and reports each by its line', async () => {
    const rows = merchant.slice(3, 6);
    const file = await w.file(
      'stock.csv',
      `sku,quantity\r\n${rows.map((r, i) => `"${r.sku}",${100 + i}`).join('\r\n')}\r\n`,
    );
    const run = await w.run(['stock', 'set', '--file', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; sku: string; status: string });
    expect(out.map((o) => [o.line, o.sku, o.status])).toEqual(rows.map((r, i) => [i + 2, r.sku, 'ACCEPTED']));
    for (const [i, r] of rows.entries()) expect(await quantityOf(r.sku)).toBe(100 + i);
    expect(run.stderr).toMatch(/3 of 3 accepted by Amazon \(via patchListingsItem\)/);
  });

  it('bad rows are reported by line and nothing is sent; --skip-invalid sends the valid rows', async () => {
    const [a, b] = [merchant[6]!, merchant[7]!];
    const before = [await priceOf(a.sku), await priceOf(b.sku)];
    const file = await w.file(
      'prices.csv',
      [
        'sku,amount,currency',
        `${a.sku},21.00,USD`,
        `${b.sku},-4,USD`,
        'NO-SUCH-SKU-2,3.00,USD',
        '',
        `${b.sku},5.00,EUR`,
        `${a.sku},22.00,USD`,
        `${b.sku},7.25,USD,extra`,
      ].join('\n'),
    );
    await w.resetStats();
    const run = await w.run(['price', 'set', '--file', file]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('line 3: amount -4 is negative');
    expect(run.stderr).toMatch(/line 4: SKU "NO-SUCH-SKU-2" is not a listing of account seller-1/);
    expect(run.stderr).toMatch(/line 6: currency EUR is not the currency of/);
    expect(run.stderr).toMatch(new RegExp(`line 7: SKU "${a.sku}" in \\w+ is also on line 2`));
    expect(run.stderr).toMatch(/line 8: the row has 4 fields and the header 3/);
    expect(run.stderr).toMatch(
      /5 bad row\(s\) in .*prices.csv; nothing was sent: fix them, or add --skip-invalid to send the other 1 row\(s\)/,
    );
    expect(await w.requests('patchListingsItem')).toBe(0);
    expect([await priceOf(a.sku), await priceOf(b.sku)]).toEqual(before);

    const skipping = await w.run(['price', 'set', '--file', file, '--skip-invalid']);
    expect(skipping.code, skipping.stderr).toBe(0);
    expect(skipping.stderr).toMatch(/skipped 5 bad row\(s\)/);
    expect(skipping.stdout.trim().split('\n')).toHaveLength(2);
    expect(await w.requests('patchListingsItem')).toBe(1);
    expect(await priceOf(a.sku)).toEqual({ amount: '21.00', currencyCode: 'USD' });
    expect(await priceOf(b.sku)).toEqual(before[1]);
  });

  it('a file with a wrong header is refused naming the columns', async () => {
    const file = await w.file('bad-header.csv', 'sku,qty\nA,1\n');
    const run = await w.run(['stock', 'set', '--file', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /lacks the column quantity and has unknown column qty: the columns are sku,quantity/,
    );
  });
});

describe('csm stock set --file / csm price set --file as JSON_LISTINGS_FEED', () => {
  it('sends the rows as one feed, waits for it, and maps the processing report back to each line', async () => {
    const res = await fetch(`${w.world.emulator.url}/_emulator/processing`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inQueueMs: 200, inProgressMs: 200 }),
    });
    expect(res.ok).toBe(true);
    const rows = merchant.slice(8, 12);
    const stock = await w.file(
      'feed-stock.csv',
      `sku,quantity\n${rows.map((r, i) => `${r.sku},${40 + i}`).join('\n')}\n`,
    );
    await w.resetStats();
    const run = await w.run(['stock', 'set', '--file', stock, '--via', 'feed', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = run.stdout
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as { line: number; sku: string; status: string; via: string; submissionId: string },
      );
    expect(out.map((o) => [o.line, o.sku, o.status, o.via])).toEqual(
      rows.map((r, i) => [i + 2, r.sku, 'ACCEPTED', 'feed']),
    );
    expect(new Set(out.map((o) => o.submissionId)).size).toBe(1);
    expect(run.stderr).toMatch(/feed \d+ submitted \(JSON_LISTINGS_FEED, 4 message\(s\)/);
    expect(run.stderr).toMatch(/4 of 4 accepted by Amazon \(via JSON_LISTINGS_FEED\)/);
    expect(await w.requests('patchListingsItem')).toBe(0);
    expect(await w.requests('createFeed')).toBe(1);
    for (const [i, r] of rows.entries()) expect(await quantityOf(r.sku)).toBe(40 + i);

    const prices = await w.file('feed-prices.csv', `sku,amount,currency\n${rows[0]!.sku},33.30,USD\n`);
    const priced = await w.run(['price', 'set', '--file', prices, '--via', 'feed']);
    expect(priced.code, priced.stderr).toBe(0);
    expect(priced.stdout).toMatch(
      new RegExp(`^2\\s+${rows[0]!.sku}\\s+\\w+\\s+ACCEPTED\\s+.*33.30 USD\\s+feed\\s+\\d+$`, 'm'),
    );
    expect(await priceOf(rows[0]!.sku)).toEqual({ amount: '33.30', currencyCode: 'USD' });
  });
});
