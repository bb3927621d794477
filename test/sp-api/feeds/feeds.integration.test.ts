import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DocumentTransferError,
  FEED_CONTENT_TYPES,
  ProcessingWaitError,
  type ProcessingWaitEvent,
  readFeedResult,
  submitFeed,
  waitForFeed,
} from '../../../src/index.js';
import { type DocumentWorld, documentWorld, T0 } from '../support/document-world.js';

// Issue 11, point 3: feeds through the client against the emulator over HTTP: createFeedDocument, the
// presigned upload with exactly the declared content type, createFeed, getFeed with backoff on the emulator's
// (fake) clock, the processing report downloaded (gzipped), parsed and mapped back to each message id.

let w: DocumentWorld;
beforeAll(async () => {
  w = await documentWorld();
});
afterAll(() => w?.close());

const feedsOf = async (): Promise<{ feedId: string }[]> =>
  (await w.control('GET', `/_emulator/feeds?sellerId=${w.sellerId}`)).feeds;

describe('JSON_LISTINGS_FEED', () => {
  it('changes the listings and maps each messageId to accepted or error', async () => {
    const mfn = (await w.listings()).filter((l) => l.fulfillmentChannelCode === 'DEFAULT');
    const [a, b, c] = mfn;
    if (!a || !b || !c) throw new Error('too few listings');
    const feed = {
      header: { sellerId: w.sellerId, version: '2.0', issueLocale: 'en_US' },
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
        // A price without a value: refused by Amazon's checks, and the listing is left as it was.
        {
          messageId: 2,
          sku: b.sku,
          operationType: 'PATCH',
          productType: 'PRODUCT',
          patches: [
            {
              op: 'replace',
              path: '/attributes/purchasable_offer',
              value: [{ marketplace_id: w.marketplaceId, currency: 'USD', our_price: [{ schedule: [{}] }] }],
            },
          ],
        },
        {
          messageId: 3,
          sku: c.sku,
          operationType: 'PARTIAL_UPDATE',
          productType: 'PRODUCT',
          attributes: { fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: 5 }] },
        },
      ],
    };
    const waits: ProcessingWaitEvent[] = [];
    const submitted = await submitFeed(w.client, {
      feedType: 'JSON_LISTINGS_FEED',
      marketplaceIds: [w.marketplaceId],
      content: JSON.stringify(feed),
      contentType: FEED_CONTENT_TYPES.json,
      logger: w.logger,
    });
    expect(submitted.feedId).toMatch(/^\d+$/);
    expect((await feedsOf())[0]).toMatchObject({
      feedId: submitted.feedId,
      inputFeedDocumentId: submitted.feedDocumentId,
    });
    // Nothing changes before Amazon has processed the feed.
    expect((await w.listings(a.sku))[0]?.quantity).toBe(a.quantity);

    const started = w.clock.now();
    const done = await waitForFeed(w.client, submitted.feedId, {
      clock: w.clock,
      onWait: (event) => waits.push(event),
      logger: w.logger,
    });
    expect(done).toMatchObject({ feedId: submitted.feedId, processingStatus: 'DONE' });
    // IN_QUEUE 2 s and IN_PROGRESS 3 s on the emulator's clock: checks at 0, 2 s and 5 s.
    expect(w.clock.now() - started).toBe(5_000);
    expect(waits).toEqual([]);

    expect((await w.listings(a.sku))[0]?.quantity).toBe(77);
    expect((await w.listings(b.sku))[0]?.price).toEqual(b.price);
    expect((await w.listings(c.sku))[0]?.quantity).toBe(5);

    // The emulator gzips processing reports (compressionAlgorithm GZIP), as Amazon does.
    const info = await w.client.call('getFeedDocument', {
      path: { feedDocumentId: done.resultFeedDocumentId ?? '' },
    });
    expect(info.body.compressionAlgorithm).toBe('GZIP');
    const result = await readFeedResult(w.client, done.resultFeedDocumentId ?? '', { logger: w.logger });
    expect(result.format).toBe('json');
    expect(result.feedId).toBe(submitted.feedId);
    expect(result.summary).toEqual({
      messagesProcessed: 3,
      messagesAccepted: 2,
      messagesInvalid: 1,
      errors: 1,
      warnings: 0,
    });
    expect(result.outcomeOf(1)).toEqual({ messageId: 1, status: 'accepted', errors: [], warnings: [] });
    expect(result.outcomeOf(3).status).toBe('accepted');
    const refused = result.outcomeOf(2);
    expect(refused.status).toBe('error');
    expect(refused.errors).toEqual([
      expect.objectContaining({
        severity: 'ERROR',
        sku: b.sku,
        code: expect.any(String),
        message: expect.any(String),
      }),
    ]);
    expect(refused.errors[0]?.message).not.toBe('');
    expect([...result.messages.keys()]).toEqual([2]);
    expect(result.documentIssues).toEqual([]);
  });

  it('reports a document Amazon cannot read as an issue of the whole feed: every message failed', async () => {
    const submitted = await submitFeed(w.client, {
      feedType: 'JSON_LISTINGS_FEED',
      marketplaceIds: [w.marketplaceId],
      content: '{"header": {"sellerId": "SOMEONE-ELSE", "version": "2.0"}, "messages": []}',
      contentType: FEED_CONTENT_TYPES.json,
    });
    const done = await waitForFeed(w.client, submitted.feedId, { clock: w.clock });
    expect(['DONE', 'FATAL']).toContain(done.processingStatus);
    const result = await readFeedResult(w.client, done.resultFeedDocumentId ?? '');
    expect(result.documentIssues.length).toBeGreaterThan(0);
    expect(result.outcomeOf(1)).toMatchObject({ status: 'error', errors: result.documentIssues });
  });
});

describe('POST_ORDER_FULFILLMENT_DATA', () => {
  it('confirms the packages and maps every MessageID of the XML report back', async () => {
    const { orders } = (await w.control('GET', `/_emulator/orders?sellerId=${w.sellerId}`)) as {
      orders: {
        orderId: string;
        fulfillment: { fulfillmentStatus: string; fulfilledBy: string };
        orderItems: { orderItemId: string }[];
      }[];
    };
    const open = orders.filter(
      (o) => o.fulfillment.fulfilledBy === 'MERCHANT' && o.fulfillment.fulfillmentStatus === 'UNSHIPPED',
    );
    const [first, second] = open;
    const afn = orders.find((o) => o.fulfillment.fulfilledBy === 'AMAZON');
    if (!first || !second || !afn) throw new Error('the seed lacks orders for this test');
    const date = new Date(T0 - 3_600_000).toISOString();
    const message = (id: number, body: string) =>
      `<Message><MessageID>${id}</MessageID><OrderFulfillment>${body}</OrderFulfillment></Message>`;
    // Shipments of the caller, keyed by the MessageID they were sent as.
    const shipments = new Map([
      [1, { orderId: first.orderId, ref: 'PKG-A' }],
      [2, { orderId: '999-0000000-0000000', ref: 'PKG-B' }],
      [3, { orderId: second.orderId, ref: 'PKG-C' }],
      [4, { orderId: afn.orderId, ref: 'PKG-D' }],
    ]);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${w.sellerId}</MerchantIdentifier></Header>
  <MessageType>OrderFulfillment</MessageType>
${[...shipments]
  .map(([id, s]) =>
    message(
      id,
      `<AmazonOrderID>${s.orderId}</AmazonOrderID><MerchantFulfillmentID>${s.ref}</MerchantFulfillmentID><FulfillmentDate>${date}</FulfillmentDate><FulfillmentData><CarrierCode>DHL</CarrierCode><ShipperTrackingNumber>JJD${id}</ShipperTrackingNumber></FulfillmentData>`,
    ),
  )
  .join('\n')}
</AmazonEnvelope>`;
    await w.control('DELETE', '/_emulator/stats');
    const submitted = await submitFeed(w.client, {
      feedType: 'POST_ORDER_FULFILLMENT_DATA',
      marketplaceIds: [w.marketplaceId],
      content: Buffer.from(xml, 'utf8'),
      contentType: FEED_CONTENT_TYPES.xml,
    });
    const done = await waitForFeed(w.client, submitted.feedId, { clock: w.clock });
    expect(done.processingStatus).toBe('DONE');
    const result = await readFeedResult(w.client, done.resultFeedDocumentId ?? '');
    expect(result).toMatchObject({ format: 'xml', feedId: submitted.feedId, statusCode: 'Complete' });
    expect(result.summary).toEqual({
      messagesProcessed: 4,
      messagesAccepted: 2,
      messagesInvalid: 2,
      errors: 2,
      warnings: 0,
    });
    const outcomes = new Map([...shipments].map(([id, s]) => [s.ref, result.outcomeOf(id)]));
    expect(outcomes.get('PKG-A')?.status).toBe('accepted');
    expect(outcomes.get('PKG-C')?.status).toBe('accepted');
    expect(outcomes.get('PKG-B')).toMatchObject({
      status: 'error',
      errors: [
        {
          code: '18028',
          severity: 'ERROR',
          message: 'Order 999-0000000-0000000 was not found for this seller.',
          additionalInfo: { AmazonOrderID: '999-0000000-0000000' },
        },
      ],
    });
    expect(outcomes.get('PKG-D')).toMatchObject({
      status: 'error',
      errors: [{ code: '18028', message: expect.stringContaining('fulfilled by Amazon') }],
    });
    // The ground truth agrees: the two accepted packages are confirmed, once each, by the feed.
    const { confirmations } = await w.control('GET', '/_emulator/stats');
    expect(confirmations).toEqual({
      [first.orderId]: { 'PKG-A': { count: 1, confirmShipment: 0, feed: 1 } },
      [second.orderId]: { 'PKG-C': { count: 1, confirmShipment: 0, feed: 1 } },
    });
  });
});

describe('upload with another content type than the declared one', () => {
  it('is diagnosed FEED_UPLOAD_CONTENT_TYPE naming both types, and no feed is created', async () => {
    const before = (await feedsOf()).length;
    // An HTTP stack that "helpfully" adds a charset, as some libraries and proxies do.
    const rewriting: typeof fetch = (input, init) =>
      globalThis.fetch(input, {
        ...init,
        headers: { 'content-type': `${new Headers(init?.headers).get('content-type')}; charset=utf-8` },
      });
    const error = await submitFeed(w.client, {
      feedType: 'JSON_LISTINGS_FEED',
      marketplaceIds: [w.marketplaceId],
      content: '{"header":{}}',
      contentType: 'application/json',
      fetch: rewriting,
      logger: w.logger,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentTransferError);
    const refused = error as DocumentTransferError;
    expect(refused).toMatchObject({
      kind: 'invalid-input',
      transfer: 'upload',
      status: 403,
      s3Code: 'SignatureDoesNotMatch',
      host: new URL(w.emulator.url).host,
      diagnosis: { code: 'FEED_UPLOAD_CONTENT_TYPE' },
    });
    expect(refused.message).toContain("declared Content-Type 'application/json'");
    expect(refused.message).toContain("S3 received 'application/json; charset=utf-8'");
    expect(refused.diagnosis.fix).toContain('Content-Type: application/json');
    // The presigned URL is a credential: not in the error, however it is printed.
    for (const text of [refused.message, refused.stack ?? '', JSON.stringify(refused), inspect(refused)]) {
      expect(text).not.toMatch(/X-Amz-(Signature|Credential)|_uploads|AKIA/);
    }
    expect((await feedsOf()).length).toBe(before);
  });
});

describe('waitForFeed', () => {
  it('backs off from 2 s by 1.5 up to 60 s on the clock, says long waits, and gives up at maxWaitMs', async () => {
    await w.control('PUT', '/_emulator/processing', { inQueueMs: 10 * 60_000 });
    try {
      const { feedId } = await submitFeed(w.client, {
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: [w.marketplaceId],
        content: JSON.stringify({ header: { sellerId: w.sellerId, version: '2.0' }, messages: [] }),
        contentType: FEED_CONTENT_TYPES.json,
      });
      const waits: ProcessingWaitEvent[] = [];
      const started = w.clock.now();
      const lines = w.lines.length;
      const error = await waitForFeed(w.client, feedId, {
        clock: w.clock,
        maxWaitMs: 5 * 60_000,
        onWait: (event) => waits.push(event),
        logger: w.logger,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProcessingWaitError);
      expect(error).toMatchObject({
        kind: 'server',
        id: feedId,
        processingStatus: 'IN_QUEUE',
        diagnosis: {
          code: 'PROCESSING_WAIT_EXCEEDED',
          fix: expect.stringContaining('do not submit it again'),
        },
      });
      expect(w.clock.now() - started).toBe(5 * 60_000);
      // 2 s and 3 s are not announced (the whole wait is still under 5 s); every later one is.
      expect(waits.map((e) => e.waitMs)).toEqual([
        4500, 6750, 10125, 15188, 22782, 34173, 51260, 60000, 60000, 30222,
      ]);
      expect(waits[0]).toMatchObject({
        kind: 'feed',
        id: feedId,
        processingStatus: 'IN_QUEUE',
        waitedMs: 5000,
      });
      expect(waits.at(-1)?.remainingMs).toBe(30222);
      expect(waits[0]?.reason).toMatch(
        /^feed \d+ is IN_QUEUE: next check in 4\.5 s \(waited 5 s, giving up after 5 min\)$/,
      );
      const warned = w.lines.slice(lines).filter((l) => l.includes('waiting for Amazon to process feed'));
      expect(warned).toHaveLength(10);
      expect(warned.every((l) => JSON.parse(l).level === 'warn')).toBe(true);

      // Amazon keeps processing: waiting again with the same id picks the feed up once it is done.
      const done = await waitForFeed(w.client, feedId, { clock: w.clock });
      expect(done.processingStatus).toMatch(/^(DONE|FATAL)$/);
      expect(w.clock.now() - started).toBeGreaterThanOrEqual(10 * 60_000 + 3_000);
    } finally {
      await w.control('PUT', '/_emulator/processing', { inQueueMs: 2000 });
    }
  });

  it('stops when the signal aborts', async () => {
    await w.control('PUT', '/_emulator/processing', { inQueueMs: 60_000 });
    try {
      const { feedId } = await submitFeed(w.client, {
        feedType: 'JSON_LISTINGS_FEED',
        marketplaceIds: [w.marketplaceId],
        content: JSON.stringify({ header: { sellerId: w.sellerId, version: '2.0' }, messages: [] }),
        contentType: FEED_CONTENT_TYPES.json,
      });
      const controller = new AbortController();
      const waiting = waitForFeed(w.client, feedId, {
        clock: w.clock,
        signal: controller.signal,
        onWait: () => controller.abort(new Error('stopped by the caller')),
      });
      await expect(waiting).rejects.toThrow('stopped by the caller');
    } finally {
      await w.control('PUT', '/_emulator/processing', { inQueueMs: 2000 });
    }
  });
});

describe('logs', () => {
  it('hold no secret, token or presigned URL', () => {
    const creds = w.emulator.credentials;
    const secrets = [creds.clientSecret, ...creds.sellers.map((s) => s.refreshToken)];
    expect(w.lines.length).toBeGreaterThan(10);
    for (const line of w.lines) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line).not.toMatch(/Atz[ar]\||X-Amz-Signature|X-Amz-Credential|_uploads|_downloads/);
    }
  });
});
