import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HttpHarness, httpHarness, T0 } from './support/http-harness.js';

// Issue 11, point 7: Feeds 2021-06-30 against the emulator over HTTP: S3-style upload URLs that insist on the
// declared content type, feeds moving IN_QUEUE → IN_PROGRESS → DONE on the clock, JSON_LISTINGS_FEED changing
// listings with a processing report in Amazon's format, POST_ORDER_FULFILLMENT_DATA confirming shipments.

const REPORT_SCHEMA = JSON.parse(
  readFileSync(
    new URL(
      '../../models/sp-api/schemas/feeds/listings-feed-processing-report-schema-v2.json',
      import.meta.url,
    ),
    'utf8',
  ),
);
const FEED_SCHEMA = JSON.parse(
  readFileSync(
    new URL('../../models/sp-api/schemas/feeds/listings-feed-schema-v2.json', import.meta.url),
    'utf8',
  ),
);
const ajv = new Ajv({ strict: false, allErrors: true });
const validReport = ajv.compile(REPORT_SCHEMA);
const validFeed = ajv.compile(FEED_SCHEMA);

const JSON_TYPE = 'application/json; charset=UTF-8';

let h: HttpHarness;
let mp: string;
let mfn: { sku: string; quantity: number; price: { amount: string; currencyCode: string } }[];

beforeAll(async () => {
  h = await httpHarness();
  mp = h.marketplaceIds()[0] ?? '';
  mfn = (await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}`)).json.listings.filter(
    (l: { marketplaceId: string; fulfillmentChannelCode: string }) =>
      l.marketplaceId === mp && l.fulfillmentChannelCode === 'DEFAULT',
  );
});
afterAll(() => h?.close());

async function createDocument(contentType: string): Promise<{ feedDocumentId: string; url: string }> {
  const res = await h.sp('POST', '/feeds/2021-06-30/documents', { body: { contentType } });
  expect(res.status).toBe(201);
  return res.json;
}

async function submit(
  feedType: string,
  contentType: string,
  content: string,
  marketplaceIds = [mp],
): Promise<string> {
  const doc = await createDocument(contentType);
  const put = await fetch(doc.url, {
    method: 'PUT',
    headers: { 'content-type': contentType },
    body: content,
  });
  expect(put.status, await put.clone().text()).toBe(200);
  const res = await h.sp('POST', '/feeds/2021-06-30/feeds', {
    body: { feedType, marketplaceIds, inputFeedDocumentId: doc.feedDocumentId },
  });
  expect(res.status).toBe(202);
  return res.json.feedId;
}

/** Moves the clock past the feed's processing and returns the feed. */
async function finish(feedId: string): Promise<{ processingStatus: string; resultFeedDocumentId?: string }> {
  h.clock.advance(5_000);
  return (await h.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).json;
}

async function download(
  documentId: string,
  query = '',
): Promise<{ text: string; info: { compressionAlgorithm?: string; url: string }; res: Response }> {
  const info = (await h.sp('GET', `/feeds/2021-06-30/documents/${encodeURIComponent(documentId)}${query}`))
    .json;
  const res = await fetch(info.url);
  const bytes = Buffer.from(await res.clone().arrayBuffer());
  const text =
    info.compressionAlgorithm === 'GZIP' && !res.headers.get('content-encoding')
      ? gunzipSync(bytes).toString('utf8')
      : bytes.toString('utf8');
  return { text, info, res };
}

const truthOf = async (sku: string) =>
  (
    await h.control('GET', `/_emulator/listings?sellerId=${h.sellerId()}&sku=${encodeURIComponent(sku)}`)
  ).json.listings.find((l: { marketplaceId: string }) => l.marketplaceId === mp);

describe('feed document upload URLs (S3 presigned)', () => {
  it('accepts a PUT with exactly the declared content type and refuses any other with S3 SignatureDoesNotMatch', async () => {
    const doc = await createDocument(JSON_TYPE);
    expect(doc.url).toMatch(
      new RegExp(`^${h.url}/_uploads/${doc.feedDocumentId}\\?X-Amz-Algorithm=AWS4-HMAC-SHA256&`),
    );
    expect(new URL(doc.url).searchParams.get('X-Amz-Expires')).toBe('300');
    for (const contentType of [
      'text/plain;charset=UTF-8',
      'application/json',
      'application/json;charset=UTF-8',
      undefined,
    ]) {
      const res = await fetch(doc.url, {
        method: 'PUT',
        ...(contentType ? { headers: { 'content-type': contentType } } : {}),
        body: contentType ? '{}' : new Uint8Array([123, 125]),
      });
      expect(res.status, String(contentType)).toBe(403);
      expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
      const xml = await res.text();
      expect(xml).toMatch(
        /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>SignatureDoesNotMatch<\/Code><Message>The request signature we calculated does not match the signature you provided\. Check your key and signing method\.<\/Message><AWSAccessKeyId>AKIA[A-Z2-7]{16}<\/AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256\n/,
      );
      // The canonical request shows the content type that arrived, which is how the mismatch is diagnosed.
      expect(xml).toContain(`<CanonicalRequest>PUT\n/_uploads/${doc.feedDocumentId}\n`);
      expect(xml).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId><HostId>[^<]+<\/HostId><\/Error>$/);
    }
    // Extra spaces are folded as SigV4 folds them; the value itself must match.
    const ok = await fetch(doc.url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json;  charset=UTF-8'.replace(';  ', '; ') },
      body: '{}',
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"99914b932bd37a50b983c5e7c90ae93b"');
  });

  it('refuses an edited query, another method and another document id, and expires after 5 minutes', async () => {
    const doc = await createDocument('text/xml; charset=UTF-8');
    const headers = { 'content-type': 'text/xml; charset=UTF-8' };
    const edited = doc.url.replace('X-Amz-Expires=300', 'X-Amz-Expires=3000');
    expect((await fetch(edited, { method: 'PUT', headers, body: '<a/>' })).status).toBe(403);
    const get = await fetch(doc.url);
    expect(get.status).toBe(403);
    expect(await get.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const noSignature = doc.url.replace(/&X-Amz-Signature=[0-9a-f]+/, '');
    const denied = await fetch(noSignature, { method: 'PUT', headers, body: '<a/>' });
    expect(await denied.text()).toContain('<Code>AccessDenied</Code><Message>Access Denied</Message>');
    h.clock.advance(300_001);
    const expired = await fetch(doc.url, { method: 'PUT', headers, body: '<a/>' });
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain(
      '<Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>300</X-Amz-Expires>',
    );
    // createFeed on a document whose upload never happened: the feed ends FATAL.
    const res = await h.sp('POST', '/feeds/2021-06-30/feeds', {
      body: { feedType: 'JSON_LISTINGS_FEED', marketplaceIds: [mp], inputFeedDocumentId: doc.feedDocumentId },
    });
    expect(res.status).toBe(202);
    expect(await finish(res.json.feedId)).toMatchObject({ processingStatus: 'FATAL' });
  });
});

describe('JSON_LISTINGS_FEED', () => {
  it('moves IN_QUEUE → IN_PROGRESS → DONE on the clock; the listings change only at the end', async () => {
    const [a, b] = mfn;
    if (!a || !b) throw new Error('too few listings');
    const feed = {
      header: { sellerId: h.sellerId(), version: '2.0', issueLocale: 'en_US' },
      messages: [
        {
          messageId: 1,
          sku: a.sku,
          operationType: 'PATCH',
          productType: 'PRODUCT',
          patches: [
            {
              op: 'replace',
              path: '/attributes/fulfillment_availability',
              value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 77 }],
            },
          ],
        },
        {
          messageId: 2,
          sku: b.sku,
          operationType: 'PATCH',
          productType: 'PRODUCT',
          patches: [
            {
              op: 'replace',
              path: '/attributes/purchasable_offer',
              value: [
                {
                  marketplace_id: mp,
                  currency: 'USD',
                  our_price: [{ schedule: [{ value_with_tax: 21.5 }] }],
                },
              ],
            },
          ],
        },
        {
          messageId: 3,
          sku: b.sku,
          operationType: 'PARTIAL_UPDATE',
          productType: 'PRODUCT',
          attributes: { fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 5 }] },
        },
      ],
    };
    expect(validFeed(feed), JSON.stringify(validFeed.errors)).toBe(true);
    const feedId = await submit('JSON_LISTINGS_FEED', JSON_TYPE, JSON.stringify(feed));
    const view = async () => (await h.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).json;
    expect(await view()).toEqual({
      feedId,
      feedType: 'JSON_LISTINGS_FEED',
      marketplaceIds: [mp],
      createdTime: new Date(Math.floor(h.clock.now() / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      processingStatus: 'IN_QUEUE',
    });
    h.clock.advance(2_000);
    expect((await view()).processingStatus).toBe('IN_PROGRESS');
    expect((await truthOf(a.sku)).quantity).toBe(a.quantity);
    h.clock.advance(3_000);
    const done = await view();
    expect(done).toMatchObject({
      processingStatus: 'DONE',
      resultFeedDocumentId: expect.stringMatching(/^amzn1\.tortuga\.4\.na\./),
    });
    expect((await truthOf(a.sku)).quantity).toBe(77);
    expect((await truthOf(b.sku)).price).toEqual({ amount: '21.50', currencyCode: 'USD' });
    expect((await truthOf(b.sku)).quantity).toBe(5);
    const item = await h.sp(
      'GET',
      `/listings/2021-08-01/items/${h.sellerId()}/${encodeURIComponent(a.sku)}?marketplaceIds=${mp}&includedData=fulfillmentAvailability`,
    );
    expect(item.json.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'DEFAULT', quantity: 77 }]);

    const { text, info } = await download(done.resultFeedDocumentId);
    expect(info.compressionAlgorithm).toBe('GZIP');
    const report = JSON.parse(text);
    expect(validReport(report), JSON.stringify(validReport.errors)).toBe(true);
    expect(report).toEqual({
      header: { sellerId: h.sellerId(), version: '2.0', feedId },
      issues: [],
      summary: { errors: 0, warnings: 0, messagesProcessed: 3, messagesAccepted: 3, messagesInvalid: 0 },
    });
  });

  it('maps each invalid message to its issues by messageId, applies the valid ones, and lists items when the header asks', async () => {
    const [a, b, c] = mfn.slice(2);
    if (!a || !b || !c) throw new Error('too few listings');
    const patch = (messageId: number, sku: string, value: unknown) => ({
      messageId,
      sku,
      operationType: 'PATCH',
      productType: 'PRODUCT',
      patches: [{ op: 'replace', path: '/attributes/fulfillment_availability', value }],
    });
    const feed = {
      header: {
        sellerId: h.sellerId(),
        version: '2.0',
        report: { includedData: ['summaries', 'fulfillmentAvailability'], apiVersion: '2021-08-01' },
      },
      messages: [
        patch(1, a.sku, [{ fulfillment_channel_code: 'DEFAULT', quantity: -3 }]),
        patch(2, b.sku, [{ fulfillment_channel_code: 'DEFAULT', quantity: 12 }]),
        patch(3, c.sku, [{ quantity: 4 }]),
        {
          messageId: 4,
          sku: c.sku,
          operationType: 'PATCH',
          productType: 'PRODUCT',
          patches: [{ op: 'replace', path: '/attributes/standard_price', value: [{ value: 3 }] }],
        },
        { messageId: 5, sku: c.sku, operationType: 'PATCH', productType: 'PRODUCT', attributes: { x: [{}] } },
        { messageId: 2, sku: c.sku, operationType: 'DELETE' },
        {
          messageId: 7,
          sku: c.sku,
          operationType: 'PARTIAL_UPDATE',
          productType: 'PRODUCT',
          attributes: {
            purchasable_offer: [{ currency: 'USD', our_price: [{ schedule: [{ value_with_tax: 9.999 }] }] }],
          },
        },
      ],
    };
    const result = await finish(await submit('JSON_LISTINGS_FEED', JSON_TYPE, JSON.stringify(feed)));
    expect(result.processingStatus).toBe('DONE');
    const report = JSON.parse((await download(result.resultFeedDocumentId ?? '')).text);
    expect(validReport(report), JSON.stringify(validReport.errors)).toBe(true);
    expect(report.issues).toEqual([
      {
        messageId: 1,
        sku: a.sku,
        code: '90000900',
        severity: 'ERROR',
        message: "The provided value for 'fulfillment_availability' is invalid.",
        attributeName: 'fulfillment_availability',
      },
      {
        messageId: 3,
        sku: c.sku,
        code: '99022',
        severity: 'ERROR',
        message:
          "The field 'fulfillment_channel_code' for the attribute 'fulfillment_availability' does not have enough values. The required minimum is '1' value(s).",
        attributeName: 'fulfillment_availability',
      },
      {
        messageId: 4,
        sku: c.sku,
        code: '90000900',
        severity: 'ERROR',
        message: 'The attributes are invalid.',
        attributeName: 'standard_price',
      },
      {
        messageId: 5,
        sku: c.sku,
        code: 'BAD_REQUEST',
        severity: 'ERROR',
        message: "A PATCH message takes 'patches', not 'attributes'.",
      },
      {
        messageId: 2,
        sku: c.sku,
        code: 'BAD_REQUEST',
        severity: 'ERROR',
        message: "'messageId' 2 is used by an earlier message of this feed.",
      },
      {
        messageId: 7,
        sku: c.sku,
        code: '90000900',
        severity: 'ERROR',
        message: "The provided value for 'purchasable_offer' is invalid.",
        attributeName: 'purchasable_offer',
      },
    ]);
    expect(report.summary).toEqual({
      errors: 6,
      warnings: 0,
      messagesProcessed: 7,
      messagesAccepted: 1,
      messagesInvalid: 6,
      itemSummary: { items: 1, errors: 0, warnings: 0 },
    });
    expect(report.items).toEqual([
      expect.objectContaining({
        sku: b.sku,
        fulfillmentAvailability: [{ fulfillmentChannelCode: 'DEFAULT', quantity: 12 }],
      }),
    ]);
    expect((await truthOf(a.sku)).quantity).toBe(a.quantity);
    expect((await truthOf(b.sku)).quantity).toBe(12);
    expect((await truthOf(c.sku)).quantity).toBe(c.quantity);
  });

  it('a document that is not a listings feed ends FATAL with the reason as a report issue', async () => {
    const cases: [string, RegExp][] = [
      ['{"header":', /not valid JSON/],
      ['[]', /must be a JSON object/],
      [
        JSON.stringify({ header: { sellerId: 'A0THERSELLER', version: '2.0' }, messages: [] }),
        /not the selling partner/,
      ],
      [
        JSON.stringify({ header: { sellerId: h.sellerId(), version: '1.0' }, messages: [] }),
        /version must be "2\.0"/,
      ],
      [
        JSON.stringify({ header: { sellerId: h.sellerId(), version: '2.0' }, messages: [] }),
        /1 to 25,000 messages/,
      ],
    ];
    for (const [content, reason] of cases) {
      const result = await finish(await submit('JSON_LISTINGS_FEED', JSON_TYPE, content));
      expect(result.processingStatus).toBe('FATAL');
      const report = JSON.parse((await download(result.resultFeedDocumentId ?? '')).text);
      expect(validReport(report), JSON.stringify(validReport.errors)).toBe(true);
      expect(report.issues).toEqual([{ severity: 'ERROR', message: expect.stringMatching(reason) }]);
    }
  });

  it('DELETE removes a listing, UPDATE creates one; a feed needs the Product Listing or Inventory and Order Tracking role', async () => {
    const target = mfn[6];
    if (!target) throw new Error('too few listings');
    const feed = {
      header: { sellerId: h.sellerId(), version: '2.0' },
      messages: [
        { messageId: 1, sku: target.sku, operationType: 'DELETE' },
        {
          messageId: 2,
          sku: 'NEW-FROM-FEED',
          operationType: 'UPDATE',
          productType: 'PRODUCT',
          requirements: 'LISTING_OFFER_ONLY',
          attributes: {
            fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 3 }],
            purchasable_offer: [{ currency: 'USD', our_price: [{ schedule: [{ value_with_tax: 15 }] }] }],
          },
        },
      ],
    };
    expect(
      (await finish(await submit('JSON_LISTINGS_FEED', JSON_TYPE, JSON.stringify(feed)))).processingStatus,
    ).toBe('DONE');
    expect(await truthOf(target.sku)).toBeUndefined();
    expect(await truthOf('NEW-FROM-FEED')).toMatchObject({
      quantity: 3,
      price: { amount: '15.00', currencyCode: 'USD' },
      status: ['BUYABLE', 'DISCOVERABLE'],
    });
    const gone = await h.sp(
      'GET',
      `/listings/2021-08-01/items/${h.sellerId()}/${encodeURIComponent(target.sku)}?marketplaceIds=${mp}`,
    );
    expect(gone.status).toBe(404);

    const roles = (await h.control('GET', '/_emulator/app/roles')).json.roles;
    try {
      await h.control('PUT', '/_emulator/app/roles', {
        roles: roles.filter((r: string) => r !== 'productListing' && r !== 'inventoryAndOrderTracking'),
      });
      const doc = await createDocument(JSON_TYPE);
      const denied = await h.sp('POST', '/feeds/2021-06-30/feeds', {
        body: {
          feedType: 'JSON_LISTINGS_FEED',
          marketplaceIds: [mp],
          inputFeedDocumentId: doc.feedDocumentId,
        },
      });
      expect(denied.status).toBe(403);
      expect(denied.json).toEqual({
        errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }],
      });
      await h.control('PUT', '/_emulator/app/roles', { roles: ['pricing'] });
      expect(
        (await h.sp('POST', '/feeds/2021-06-30/documents', { body: { contentType: JSON_TYPE } })).status,
      ).toBe(201);
      await h.control('PUT', '/_emulator/app/roles', { roles: ['buyerCommunication'] });
      expect(
        (await h.sp('POST', '/feeds/2021-06-30/documents', { body: { contentType: JSON_TYPE } })).status,
      ).toBe(403);
    } finally {
      await h.control('PUT', '/_emulator/app/roles', { roles });
    }
  });
});

describe('processing reports', () => {
  it('are gzipped by default, plain or with Content-Encoding: gzip on request, and the URL expires after 5 minutes', async () => {
    const feed = {
      header: { sellerId: h.sellerId(), version: '2.0' },
      messages: [{ messageId: 1, sku: mfn[8]?.sku, operationType: 'DELETE' }],
    };
    const { resultFeedDocumentId = '' } = await finish(
      await submit('JSON_LISTINGS_FEED', JSON_TYPE, JSON.stringify(feed)),
    );
    const gz = await download(resultFeedDocumentId);
    expect(gz.res.headers.get('content-type')).toBe('application/octet-stream');
    expect(JSON.parse(gz.text).summary.messagesAccepted).toBe(1);
    // enableContentEncodingUrlHeader=true: the URL answers with Content-Encoding: gzip, fetch decompresses.
    const encoded = await download(resultFeedDocumentId, '?enableContentEncodingUrlHeader=true');
    expect(encoded.info.compressionAlgorithm).toBe('GZIP');
    expect(new URL(encoded.info.url).searchParams.get('response-content-encoding')).toBe('gzip');
    expect(encoded.res.headers.get('content-encoding')).toBe('gzip');
    expect(JSON.parse(encoded.text)).toEqual(JSON.parse(gz.text));
    h.clock.advance(300_001);
    const late = await fetch(gz.info.url);
    expect(late.status).toBe(403);
    expect(await late.text()).toContain('<Message>Request has expired</Message>');

    await h.control('PUT', '/_emulator/processing', { compression: 'NONE' });
    try {
      const plain = await finish(await submit('JSON_LISTINGS_FEED', JSON_TYPE, JSON.stringify(feed)));
      const doc = await download(plain.resultFeedDocumentId ?? '');
      expect(doc.info.compressionAlgorithm).toBeUndefined();
      expect(doc.res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(JSON.parse(doc.text).header.sellerId).toBe(h.sellerId());
    } finally {
      await h.control('PUT', '/_emulator/processing', { compression: 'auto' });
    }
  });
});

describe('POST_ORDER_FULFILLMENT_DATA', () => {
  it('confirms each message’s package, maps refusals to MessageID in the XML report, and counts per package', async () => {
    const orders = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json.orders as {
      orderId: string;
      fulfillment: { fulfillmentStatus: string; fulfilledBy: string };
      orderItems: { orderItemId: string; quantityOrdered: number }[];
    }[];
    const open = orders.filter(
      (o) => o.fulfillment.fulfilledBy === 'MERCHANT' && o.fulfillment.fulfillmentStatus === 'UNSHIPPED',
    );
    const [whole, byItem, third] = open;
    const afn = orders.find((o) => o.fulfillment.fulfilledBy === 'AMAZON');
    if (!whole || !byItem || !third || !afn) throw new Error('the seed lacks orders for this test');
    const item = byItem.orderItems[0];
    const message = (id: number, body: string) =>
      `<Message><MessageID>${id}</MessageID><OrderFulfillment>${body}</OrderFulfillment></Message>`;
    const date = new Date(T0 - 7_200_000).toISOString();
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${h.sellerId()}</MerchantIdentifier></Header>
  <MessageType>OrderFulfillment</MessageType>
  ${message(1, `<AmazonOrderID>${whole.orderId}</AmazonOrderID><MerchantFulfillmentID>SHIP-1</MerchantFulfillmentID><FulfillmentDate>${date}</FulfillmentDate><FulfillmentData><CarrierCode>DHL</CarrierCode><ShippingMethod>Paket</ShippingMethod><ShipperTrackingNumber>JJD0001</ShipperTrackingNumber></FulfillmentData>`)}
  ${message(2, `<AmazonOrderID>${byItem.orderId}</AmazonOrderID><MerchantFulfillmentID>SHIP-2</MerchantFulfillmentID><FulfillmentDate>${date}</FulfillmentDate><FulfillmentData><CarrierName>Local &amp; Co</CarrierName><ShipperTrackingNumber>LC-2</ShipperTrackingNumber></FulfillmentData><Item><AmazonOrderItemCode>${item?.orderItemId}</AmazonOrderItemCode><Quantity>1</Quantity></Item>`)}
  ${message(3, `<AmazonOrderID>999-0000000-0000000</AmazonOrderID><FulfillmentDate>${date}</FulfillmentDate><FulfillmentData><CarrierCode>UPS</CarrierCode></FulfillmentData>`)}
  ${message(4, `<AmazonOrderID>${afn.orderId}</AmazonOrderID><FulfillmentDate>${date}</FulfillmentDate><FulfillmentData><CarrierCode>UPS</CarrierCode></FulfillmentData>`)}
  ${message(5, `<AmazonOrderID>${third.orderId}</AmazonOrderID><FulfillmentDate>${date}</FulfillmentDate><FulfillmentData><CarrierCode>UPS</CarrierCode></FulfillmentData><Item><AmazonOrderItemCode>1</AmazonOrderItemCode><Quantity>1</Quantity></Item>`)}
  ${message(6, `<AmazonOrderID>${whole.orderId}</AmazonOrderID><FulfillmentDate>yesterday</FulfillmentDate><FulfillmentData><CarrierCode>UPS</CarrierCode></FulfillmentData>`)}
</AmazonEnvelope>`;
    await h.control('DELETE', '/_emulator/stats');
    const result = await finish(await submit('POST_ORDER_FULFILLMENT_DATA', 'text/xml; charset=UTF-8', xml));
    expect(result.processingStatus).toBe('DONE');
    const report = (await download(result.resultFeedDocumentId ?? '')).text;
    expect(report).toMatch(/<MessageType>ProcessingReport<\/MessageType>/);
    expect(report).toContain('<MessagesProcessed>6</MessagesProcessed>');
    expect(report).toContain('<MessagesSuccessful>2</MessagesSuccessful>');
    expect(report).toContain('<MessagesWithError>4</MessagesWithError>');
    const results = [
      ...report.matchAll(
        /<Result>\s*<MessageID>(\d+)<\/MessageID>\s*<ResultCode>(\w+)<\/ResultCode>\s*<ResultMessageCode>(\d+)<\/ResultMessageCode>\s*<ResultDescription>([^<]*)<\/ResultDescription>/g,
      ),
    ].map((m) => [Number(m[1]), m[2], Number(m[3]), m[4]]);
    expect(results).toEqual([
      [3, 'Error', 18028, 'Order 999-0000000-0000000 was not found for this seller.'],
      [4, 'Error', 18028, expect.stringContaining('fulfilled by Amazon')],
      [5, 'Error', 25, expect.stringContaining('is not part of this order')],
      [
        6,
        'Error',
        18028,
        'The data you submitted is incomplete or invalid: FulfillmentDate must be an ISO 8601 date-time.',
      ],
    ]);
    const truth = (await h.control('GET', `/_emulator/orders?sellerId=${h.sellerId()}`)).json.orders;
    const shipped = truth.find((o: { orderId: string }) => o.orderId === whole.orderId);
    expect(shipped.fulfillment.fulfillmentStatus).toBe('SHIPPED');
    expect(shipped.packages).toEqual([
      expect.objectContaining({
        packageReferenceId: 'SHIP-1',
        carrier: 'DHL',
        shippingService: 'Paket',
        trackingNumber: 'JJD0001',
        shipTime: date.replace('.000Z', 'Z'),
      }),
    ]);
    const partial = truth.find((o: { orderId: string }) => o.orderId === byItem.orderId);
    expect(partial.packages[0]).toMatchObject({
      packageReferenceId: 'SHIP-2',
      carrier: 'Local & Co',
      packageItems: [{ orderItemId: item?.orderItemId, quantity: 1 }],
    });
    expect((await h.control('GET', '/_emulator/stats')).json.confirmations).toEqual({
      [whole.orderId]: { 'SHIP-1': { count: 1, confirmShipment: 0, feed: 1 } },
      [byItem.orderId]: { 'SHIP-2': { count: 1, confirmShipment: 0, feed: 1 } },
    });
  });

  it('answers ill-formed XML with ResultMessageCode 5001 naming line and column', async () => {
    const xml =
      '<?xml version="1.0"?>\n<AmazonEnvelope>\n  <MessageType>OrderFulfillment</MessageType>\n  <Message><MessageID>1</MessageID></Mesage>\n</AmazonEnvelope>';
    const result = await finish(await submit('POST_ORDER_FULFILLMENT_DATA', 'text/xml', xml));
    const report = (await download(result.resultFeedDocumentId ?? '')).text;
    expect(report).toContain('<MessagesProcessed>0</MessagesProcessed>');
    expect(report).toMatch(
      /<MessageID>0<\/MessageID>\s*<ResultCode>Error<\/ResultCode>\s*<ResultMessageCode>5001<\/ResultMessageCode>\s*<ResultDescription>The XML you submitted is ill-formed at the Amazon Envelope XML level at \(or near\) line 4, column \d+\.<\/ResultDescription>/,
    );
  });
});

describe('feed types and the feed list', () => {
  it('accepts a retired listings feed and ends it FATAL; refuses feed types the emulator does not process', async () => {
    const retired = await finish(
      await submit('POST_INVENTORY_AVAILABILITY_DATA', 'text/xml', '<AmazonEnvelope/>'),
    );
    expect(retired).toMatchObject({ processingStatus: 'FATAL' });
    expect(retired.resultFeedDocumentId).toBeUndefined();
    const doc = await createDocument('text/tab-separated-values; charset=UTF-8');
    const flat = await h.sp('POST', '/feeds/2021-06-30/feeds', {
      body: {
        feedType: 'POST_FLAT_FILE_FULFILLMENT_DATA',
        marketplaceIds: [mp],
        inputFeedDocumentId: doc.feedDocumentId,
      },
    });
    expect(flat.status).toBe(400);
    expect(flat.json.errors[0].message).toMatch(/does not process feed type POST_FLAT_FILE_FULFILLMENT_DATA/);
  });

  it('cancels only a feed still IN_QUEUE, and lists feeds newest first with filters and pages', async () => {
    const doc = await createDocument(JSON_TYPE);
    const feedId = (
      await h.sp('POST', '/feeds/2021-06-30/feeds', {
        body: {
          feedType: 'JSON_LISTINGS_FEED',
          marketplaceIds: [mp],
          inputFeedDocumentId: doc.feedDocumentId,
        },
      })
    ).json.feedId;
    expect((await h.sp('DELETE', `/feeds/2021-06-30/feeds/${feedId}`)).status).toBe(200);
    expect((await h.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).json.processingStatus).toBe('CANCELLED');
    h.clock.advance(10_000);
    expect((await h.sp('GET', `/feeds/2021-06-30/feeds/${feedId}`)).json.processingStatus).toBe('CANCELLED');
    const other = (
      await h.sp('POST', '/feeds/2021-06-30/feeds', {
        body: {
          feedType: 'JSON_LISTINGS_FEED',
          marketplaceIds: [mp],
          inputFeedDocumentId: doc.feedDocumentId,
        },
      })
    ).json.feedId;
    h.clock.advance(2_500);
    const late = await h.sp('DELETE', `/feeds/2021-06-30/feeds/${other}`);
    expect(late.status).toBe(400);
    expect(late.json.errors[0].message).toMatch(/it is IN_PROGRESS; only feeds IN_QUEUE can be cancelled/);

    const ground = (await h.control('GET', `/_emulator/feeds?sellerId=${h.sellerId()}`)).json.feeds;
    const listings = ground.filter((f: { feedType: string }) => f.feedType === 'JSON_LISTINGS_FEED');
    const ids: string[] = [];
    let page = await h.sp('GET', '/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&pageSize=3');
    for (;;) {
      ids.push(...page.json.feeds.map((f: { feedId: string }) => f.feedId));
      if (!page.json.nextToken) break;
      page = await h.sp(
        'GET',
        `/feeds/2021-06-30/feeds?nextToken=${encodeURIComponent(page.json.nextToken)}`,
      );
    }
    expect(ids).toEqual(listings.map((f: { feedId: string }) => f.feedId));
    const cancelled = await h.sp(
      'GET',
      '/feeds/2021-06-30/feeds?feedTypes=JSON_LISTINGS_FEED&processingStatuses=CANCELLED',
    );
    expect(cancelled.json.feeds.map((f: { feedId: string }) => f.feedId)).toEqual([feedId]);
  });
});
