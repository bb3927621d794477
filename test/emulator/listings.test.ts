import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHarness, httpHarness } from './support/http-harness.js';

// Issue 11, point 7: Listings Items 2021-08-01, FBA Inventory v1 and the listings reports against the emulator
// over HTTP, for the SKUs its orders use.

interface TruthRow {
  sku: string;
  marketplaceId: string;
  asin: string;
  fnSku?: string;
  fulfillmentChannelCode: string;
  quantity: number | null;
  price: { amount: string; currencyCode: string } | null;
  status: string[];
  updates: number;
  fba: { fulfillable: number } | null;
}

let h: HttpHarness;
let mp: string;
let rows: TruthRow[];

const item = (sku: string, query = '', seller = h.sellerId()) =>
  `/listings/2021-08-01/items/${seller}/${encodeURIComponent(sku)}?marketplaceIds=${mp}${query}`;
const truthOf = async (sku: string): Promise<TruthRow | undefined> =>
  (
    await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}&sku=${encodeURIComponent(sku)}`)
  ).json.listings.find((r: TruthRow) => r.marketplaceId === mp);
const stock = (quantity: unknown, op = 'replace') => ({
  op,
  path: '/attributes/fulfillment_availability',
  value: [{ fulfillment_channel_code: 'DEFAULT', quantity }],
});
const price = (value: unknown, currency = 'USD') => ({
  op: 'replace',
  path: '/attributes/purchasable_offer',
  value: [{ marketplace_id: mp, currency, our_price: [{ schedule: [{ value_with_tax: value }] }] }],
});

beforeAll(async () => {
  // The clock stands still between calls, so buckets never refill: rate limits are tested elsewhere.
  h = await httpHarness({ rateLimits: false });
  mp = h.marketplaceIds()[0] ?? '';
  rows = (await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}`)).json.listings;
});
afterAll(() => h?.close());

describe('getListingsItem', () => {
  it('returns the listing with the sections asked for; an unknown SKU is Amazon’s 404 without details', async () => {
    const row = rows.find(
      (r) => r.marketplaceId === mp && r.fulfillmentChannelCode === 'DEFAULT',
    ) as TruthRow;
    const res = await h.sp(
      'GET',
      item(row.sku, '&includedData=summaries,offers,fulfillmentAvailability,issues'),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('5');
    expect(res.json).toEqual({
      sku: row.sku,
      summaries: [
        expect.objectContaining({
          marketplaceId: mp,
          asin: row.asin,
          conditionType: 'new_new',
          status: row.status,
        }),
      ],
      offers: [
        {
          marketplaceId: mp,
          offerType: 'B2C',
          price: row.price,
          audience: { value: 'ALL', displayName: 'Sell on Amazon' },
        },
      ],
      fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: row.quantity }],
      issues: [],
    });
    expect(Object.keys((await h.sp('GET', item(row.sku))).json)).toEqual(['sku', 'summaries']);
    const missing = await h.sp('GET', item('NO SUCH/SKU'));
    expect(missing.status).toBe(404);
    expect(missing.text).toBe(
      `{"errors":[{"code":"NOT_FOUND","message":"SKU 'NO SUCH/SKU' not found in marketplace ${mp}"}]}`,
    );
    // Another seller's id in the path, and a seller of another region's marketplace.
    expect((await h.sp('GET', item(row.sku, '', h.sellerId(1)))).status).toBe(403);
  });

  it('FBA listings show Amazon’s channel and their FNSKU, no quantity', async () => {
    const fba = rows.find((r) => r.marketplaceId === mp && r.fba !== null) as TruthRow;
    expect(fba.sku.endsWith('-FBA')).toBe(true);
    const res = await h.sp('GET', item(fba.sku, '&includedData=summaries,fulfillmentAvailability'));
    expect(res.json.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'AMAZON_NA' }]);
    expect(res.json.summaries[0].fnSku).toBe(fba.fnSku);
  });
});

describe('patchListingsItem', () => {
  it('changes stock and price at once (ACCEPTED) as the listing, the ground truth and search show', async () => {
    const row = rows.filter(
      (r) => r.marketplaceId === mp && r.fulfillmentChannelCode === 'DEFAULT',
    )[1] as TruthRow;
    const res = await h.sp('PATCH', item(row.sku), {
      body: { productType: 'PRODUCT', patches: [stock(321), price(45.9)] },
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      sku: row.sku,
      status: 'ACCEPTED',
      submissionId: expect.stringMatching(/^[0-9a-f]{32}$/),
      issues: [],
    });
    expect(await truthOf(row.sku)).toMatchObject({
      quantity: 321,
      price: { amount: '45.90', currencyCode: 'USD' },
      updates: 1,
      status: ['BUYABLE', 'DISCOVERABLE'],
    });
    // merge changes the quantity alone; a zero stock leaves the listing discoverable, not buyable.
    await h.sp('PATCH', item(row.sku), {
      body: {
        productType: 'PRODUCT',
        patches: [
          {
            op: 'merge',
            path: '/attributes/fulfillment_availability',
            value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 0 }],
          },
        ],
      },
    });
    expect(await truthOf(row.sku)).toMatchObject({ quantity: 0, status: ['DISCOVERABLE'], updates: 2 });
    const found = await h.sp(
      'GET',
      `/listings/2021-08-01/items/${h.sellerId()}?marketplaceIds=${mp}&identifiersType=SKU&identifiers=${encodeURIComponent(row.sku)}&includedData=offers`,
    );
    expect(found.json).toMatchObject({
      numberOfResults: 1,
      items: [{ sku: row.sku, offers: [{ price: { amount: '45.90' } }] }],
    });
  });

  it('answers INVALID with Amazon’s issues for bad values and changes nothing; VALIDATION_PREVIEW only checks', async () => {
    const row = rows.filter(
      (r) => r.marketplaceId === mp && r.fulfillmentChannelCode === 'DEFAULT',
    )[2] as TruthRow;
    const cases: [unknown[], object][] = [
      [
        [stock(-1)],
        {
          code: '90000900',
          message: "The provided value for 'fulfillment_availability' is invalid.",
          attributeNames: ['fulfillment_availability'],
        },
      ],
      [[stock('5')], { code: '90000900', attributeNames: ['fulfillment_availability'] }],
      [[price(-2)], { code: '90000900', message: "The provided value for 'purchasable_offer' is invalid." }],
      [[price(10, 'EUR')], { code: '90000900', attributeNames: ['purchasable_offer'] }],
      [[price(10.005)], { code: '90000900', attributeNames: ['purchasable_offer'] }],
      [
        [{ op: 'replace', path: '/attributes/fulfillmentAvailability', value: [{}] }],
        {
          code: '90000900',
          message: 'The attributes are invalid.',
          attributeNames: ['fulfillmentAvailability'],
          categories: [],
        },
      ],
      [
        [{ op: 'replace', path: '/attributes/fulfillment_availability', value: [{ quantity: 3 }] }],
        {
          code: '99022',
          message:
            "The field 'fulfillment_channel_code' for the attribute 'fulfillment_availability' does not have enough values. The required minimum is '1' value(s).",
        },
      ],
    ];
    for (const [patches, issue] of cases) {
      const res = await h.sp('PATCH', item(row.sku), { body: { productType: 'PRODUCT', patches } });
      expect(res.status).toBe(200);
      expect(res.json.status, JSON.stringify(patches)).toBe('INVALID');
      expect(res.json.issues).toEqual([expect.objectContaining({ severity: 'ERROR', ...issue })]);
    }
    const preview = await h.sp(
      'PATCH',
      item(row.sku, '&mode=VALIDATION_PREVIEW&includedData=identifiers,issues'),
      { body: { productType: 'PRODUCT', patches: [stock(8)] } },
    );
    expect(preview.json).toMatchObject({
      status: 'VALID',
      identifiers: [{ marketplaceId: mp, asin: row.asin }],
      issues: [],
    });
    expect(await truthOf(row.sku)).toMatchObject({ quantity: row.quantity, price: row.price, updates: 0 });
  });

  it('refuses a body it cannot read with Amazon’s 400 messages; an unknown SKU is ACCEPTED and nothing changes', async () => {
    const sku = rows[0]?.sku ?? '';
    const bodies: [unknown, string][] = [
      [
        { productType: 'PRODUCT', patches: { op: 'replace' } },
        'Request has missing or invalid parameters and cannot be parsed.',
      ],
      [
        {
          productType: 'PRODUCT',
          patches: [{ op: 'replace', path: '/attributes/fulfillment_availability' }],
        },
        'Value is missing for patch at index of 0.',
      ],
      [{ patches: [stock(1)] }, 'Request has missing or invalid parameters and cannot be parsed.'],
    ];
    for (const [body, message] of bodies) {
      const res = await h.sp('PATCH', item(sku), { body });
      expect(res.status).toBe(400);
      expect(res.json.errors[0]).toMatchObject({ code: 'InvalidInput', message });
    }
    const before = (await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}`)).json.listings;
    const unknown = await h.sp('PATCH', item('NO-SUCH-SKU'), {
      body: { productType: 'PRODUCT', patches: [stock(5)] },
    });
    expect(unknown.json).toMatchObject({ sku: 'NO-SUCH-SKU', status: 'ACCEPTED', issues: [] });
    expect((await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}`)).json.listings).toEqual(
      before,
    );
  });

  it('needs the Product Listing role', async () => {
    const roles = (await h.control('GET', '/_emulator/app/roles')).json.roles;
    try {
      await h.control('PUT', '/_emulator/app/roles', {
        roles: roles.filter((r: string) => r !== 'productListing'),
      });
      const res = await h.sp('PATCH', item(rows[0]?.sku ?? ''), {
        body: { productType: 'PRODUCT', patches: [stock(1)] },
      });
      expect(res.status).toBe(403);
      expect(res.json.errors[0]).toMatchObject({ code: 'Unauthorized' });
      expect((await h.sp('GET', item(rows[0]?.sku ?? ''))).status).toBe(403);
    } finally {
      await h.control('PUT', '/_emulator/app/roles', { roles });
    }
  });
});

describe('searchListingsItems', () => {
  it('pages forwards and back through every listing of the marketplace', async () => {
    const expected = (await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}`)).json.listings
      .filter((r: TruthRow) => r.marketplaceId === mp)
      .map((r: TruthRow) => r.sku)
      .sort();
    const base = `/listings/2021-08-01/items/${h.sellerId()}?marketplaceIds=${mp}&sortBy=sku&sortOrder=ASC&pageSize=20`;
    const pages: string[][] = [];
    let res = await h.sp('GET', base);
    for (;;) {
      expect(res.json.numberOfResults).toBe(expected.length);
      pages.push(res.json.items.map((i: { sku: string }) => i.sku));
      if (!res.json.pagination?.nextToken) break;
      res = await h.sp('GET', `${base}&pageToken=${encodeURIComponent(res.json.pagination.nextToken)}`);
    }
    expect(pages.flat()).toEqual(expected);
    const back = await h.sp(
      'GET',
      `${base}&pageToken=${encodeURIComponent(res.json.pagination.previousToken)}`,
    );
    expect(back.json.items.map((i: { sku: string }) => i.sku)).toEqual(pages[pages.length - 2]);
  });
});

describe('getInventorySummaries', () => {
  it('pages 50 at a time with pagination.nextToken beside payload, and the token lasts 30 seconds', async () => {
    const added = await h.control('POST', '/_emulator/listings', {
      sellerId: h.sellerId(),
      count: 75,
      fulfilledBy: 'AMAZON',
    });
    expect(added.status).toBe(200);
    expect(added.json.skus).toHaveLength(75);
    const fbaSkus = (await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}`)).json.listings
      .filter((r: TruthRow) => r.marketplaceId === mp && r.fba !== null)
      .map((r: TruthRow) => r.sku);
    expect(fbaSkus.length).toBeGreaterThan(100);
    const base = `/fba/inventory/v1/summaries?granularityType=Marketplace&granularityId=${mp}&marketplaceIds=${mp}`;
    const seen: string[] = [];
    let res = await h.sp('GET', `${base}&details=true`);
    const sizes: number[] = [];
    for (;;) {
      expect(res.status).toBe(200);
      expect(res.json.payload.granularity).toEqual({ granularityType: 'Marketplace', granularityId: mp });
      sizes.push(res.json.payload.inventorySummaries.length);
      for (const s of res.json.payload.inventorySummaries) {
        seen.push(s.sellerSku);
        expect(s.inventoryDetails.fulfillableQuantity).toBeGreaterThanOrEqual(0);
        expect(s.fnSku).toMatch(/^X00/);
      }
      const nextToken = res.json.pagination?.nextToken;
      if (!nextToken) break;
      res = await h.sp('GET', `${base}&details=true&nextToken=${encodeURIComponent(nextToken)}`);
    }
    expect(seen.sort()).toEqual([...fbaSkus].sort());
    expect(sizes.slice(0, -1).every((n) => n === 50)).toBe(true);
    const plain = await h.sp('GET', base);
    expect(plain.json.payload.inventorySummaries[0].inventoryDetails).toBeUndefined();
    h.clock.advance(30_001);
    const late = await h.sp(
      'GET',
      `${base}&nextToken=${encodeURIComponent(plain.json.pagination.nextToken)}`,
    );
    expect(late.status).toBe(400);
    expect(late.json.errors[0].message).toBe('The nextToken has expired.');
    const one = await h.sp('GET', `${base}&sellerSkus=${encodeURIComponent(fbaSkus.slice(0, 3).join(','))}`);
    expect(one.json.payload.inventorySummaries.map((s: { sellerSku: string }) => s.sellerSku).sort()).toEqual(
      fbaSkus.slice(0, 3).sort(),
    );
    // FBA Inventory needs the Amazon Fulfillment role.
    const roles = (await h.control('GET', '/_emulator/app/roles')).json.roles;
    try {
      await h.control('PUT', '/_emulator/app/roles', {
        roles: roles.filter((r: string) => r !== 'amazonFulfillment'),
      });
      expect((await h.sp('GET', base)).status).toBe(403);
    } finally {
      await h.control('PUT', '/_emulator/app/roles', { roles });
    }
  });
});

describe('listings reports', () => {
  it('GET_MERCHANT_LISTINGS_ALL_DATA is Amazon’s TSV of every listing, as the ground truth has them', async () => {
    const created = await h.sp('POST', '/reports/2021-06-30/reports', {
      body: { reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA', marketplaceIds: [mp] },
    });
    expect(created.status).toBe(202);
    const reportId = created.json.reportId;
    expect((await h.sp('GET', `/reports/2021-06-30/reports/${reportId}`)).json.processingStatus).toBe(
      'IN_QUEUE',
    );
    h.clock.advance(5_000);
    const report = (await h.sp('GET', `/reports/2021-06-30/reports/${reportId}`)).json;
    expect(report).toMatchObject({
      processingStatus: 'DONE',
      reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
      reportDocumentId: expect.stringMatching(/^amzn1\.spdoc\.1\.4\.na\./),
    });
    const doc = (
      await h.sp('GET', `/reports/2021-06-30/documents/${encodeURIComponent(report.reportDocumentId)}`)
    ).json;
    expect(doc.compressionAlgorithm).toBeUndefined();
    const text = await (await fetch(doc.url)).text();
    const [header, ...lines] = text.trimEnd().split('\n');
    expect(header?.split('\t')).toEqual([
      'item-name',
      'item-description',
      'listing-id',
      'seller-sku',
      'price',
      'quantity',
      'open-date',
      'image-url',
      'item-is-marketplace',
      'product-id-type',
      'zshop-shipping-fee',
      'item-note',
      'item-condition',
      'zshop-category1',
      'zshop-browse-path',
      'zshop-storefront-feature',
      'asin1',
      'asin2',
      'asin3',
      'will-ship-internationally',
      'expedited-shipping',
      'zshop-boldface',
      'product-id',
      'bid-for-featured-placement',
      'add-delete',
      'pending-quantity',
      'fulfillment-channel',
      'merchant-shipping-group',
      'status',
    ]);
    const truth = (
      await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}`)
    ).json.listings.filter((r: TruthRow) => r.marketplaceId === mp);
    expect(lines).toHaveLength(truth.length);
    const bySku = new Map(
      lines.map((l) => {
        const c = l.split('\t');
        return [c[3], c];
      }),
    );
    for (const row of truth as TruthRow[]) {
      const cells = bySku.get(row.sku) ?? [];
      expect(cells[4]).toBe(row.price?.amount ?? '');
      expect(cells[5]).toBe(row.quantity === null ? '' : String(row.quantity));
      expect(cells[16]).toBe(row.asin);
      expect(cells[26]).toBe(row.fulfillmentChannelCode);
      expect(cells[28]).toBe(row.status.includes('BUYABLE') ? 'Active' : 'Inactive');
    }
  });

  it('a gzipped report document, and report types the emulator does not generate', async () => {
    await h.control('PUT', '/_emulator/processing', { compression: 'GZIP', inQueueMs: 0, inProgressMs: 0 });
    try {
      const { reportId } = (
        await h.sp('POST', '/reports/2021-06-30/reports', {
          body: { reportType: 'GET_MERCHANT_LISTINGS_DATA', marketplaceIds: [mp] },
        })
      ).json;
      const { reportDocumentId } = (await h.sp('GET', `/reports/2021-06-30/reports/${reportId}`)).json;
      const doc = (await h.sp('GET', `/reports/2021-06-30/documents/${encodeURIComponent(reportDocumentId)}`))
        .json;
      expect(doc.compressionAlgorithm).toBe('GZIP');
      const text = gunzipSync(Buffer.from(await (await fetch(doc.url)).arrayBuffer())).toString('utf8');
      expect(
        text
          .split('\n')
          .slice(1, -1)
          .every((l) => l.endsWith('\tActive')),
      ).toBe(true);
    } finally {
      await h.control('PUT', '/_emulator/processing', {
        compression: 'auto',
        inQueueMs: 2000,
        inProgressMs: 3000,
      });
    }
    const other = await h.sp('POST', '/reports/2021-06-30/reports', {
      body: { reportType: 'GET_FLAT_FILE_OPEN_LISTINGS_DATA', marketplaceIds: [mp] },
    });
    expect(other.status).toBe(400);
    expect(other.json.errors[0]).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('does not generate report type GET_FLAT_FILE_OPEN_LISTINGS_DATA'),
    });
  });
});
