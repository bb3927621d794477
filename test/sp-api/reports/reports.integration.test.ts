import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DocumentTransferError,
  downloadDocument,
  isSpApiUsageError,
  ProcessingWaitError,
  parseTabSeparatedReport,
  readReportDocument,
  requestReport,
  waitForReport,
} from '../../../src/index.js';
import { type DocumentWorld, documentWorld } from '../support/document-world.js';

// Issue 11, point 3: reports through the client against the emulator: createReport, getReport with backoff on
// the emulator's (fake) clock, the document downloaded (plain and gzipped) as a stream, tab-separated rows.

let w: DocumentWorld;
beforeAll(async () => {
  w = await documentWorld();
});
afterAll(() => w?.close());

async function rowsOf(reportDocumentId: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const row of parseTabSeparatedReport(
    await readReportDocument(w.client, reportDocumentId, { logger: w.logger }),
  )) {
    rows.push(row);
  }
  return rows;
}

async function listingsReport(): Promise<string> {
  const { reportId } = await requestReport(w.client, {
    reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
    marketplaceIds: [w.marketplaceId],
    dataStartTime: new Date('2026-05-01T00:00:00Z'),
  });
  const report = await waitForReport(w.client, reportId, { clock: w.clock, logger: w.logger });
  expect(report).toMatchObject({
    reportId,
    processingStatus: 'DONE',
    reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
  });
  return report.reportDocumentId ?? '';
}

describe('a listings report', () => {
  it('is requested, waited for and read as rows that match the listings', async () => {
    await w.control('PUT', '/_emulator/processing', { compression: 'NONE' });
    const documentId = await listingsReport();
    const rows = await rowsOf(documentId);
    const truth = await w.listings();
    expect(rows).toHaveLength(truth.length);
    expect(new Set(rows.map((r) => r['seller-sku']))).toEqual(new Set(truth.map((l) => l.sku)));
    expect(Object.keys(rows[0] ?? {})).toHaveLength(29);
    const mfn = truth.find((l) => l.fulfillmentChannelCode === 'DEFAULT');
    const row = rows.find((r) => r['seller-sku'] === mfn?.sku);
    expect(row?.quantity).toBe(String(mfn?.quantity));
    expect(row?.price).toBe(mfn?.price?.amount);
  });

  it('is gunzipped as it streams when Amazon stores it GZIP', async () => {
    await w.control('PUT', '/_emulator/processing', { compression: 'GZIP' });
    try {
      const documentId = await listingsReport();
      // The stored bytes really are gzip: the client had to decompress them.
      const info = await w.client.call('getReportDocument', { path: { reportDocumentId: documentId } });
      expect(info.body.compressionAlgorithm).toBe('GZIP');
      const raw = Buffer.from(await (await fetch(info.body.url)).arrayBuffer());
      expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]);

      const stream = await readReportDocument(w.client, documentId);
      let text = '';
      for await (const chunk of stream) text += chunk.toString('utf8');
      expect(text.split('\n')[0]).toMatch(
        /^item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\t/,
      );
      const rows = await rowsOf(documentId);
      expect(rows).toHaveLength((await w.listings()).length);

      // With Content-Encoding: gzip on the URL, fetch decodes the bytes itself: they are not gunzipped twice.
      const encoded = await w.client.call('getReportDocument', {
        path: { reportDocumentId: documentId },
        query: { enableContentEncodingUrlHeader: true },
      });
      expect(encoded.body.compressionAlgorithm).toBe('GZIP');
      let decoded = '';
      for await (const chunk of await downloadDocument({
        documentId,
        url: encoded.body.url,
        compressionAlgorithm: encoded.body.compressionAlgorithm,
      })) {
        decoded += chunk.toString('utf8');
      }
      expect(decoded).toBe(text);
    } finally {
      await w.control('PUT', '/_emulator/processing', { compression: 'auto' });
    }
  });

  it('refuses a download URL older than 5 minutes with DOCUMENT_URL_EXPIRED', async () => {
    const documentId = await listingsReport();
    const info = await w.client.call('getReportDocument', { path: { reportDocumentId: documentId } });
    w.clock.advance(5 * 60_000 + 1_000);
    const error = await downloadDocument({ documentId, url: info.body.url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentTransferError);
    expect(error).toMatchObject({
      transfer: 'download',
      status: 403,
      s3Code: 'AccessDenied',
      kind: 'auth',
      diagnosis: { code: 'DOCUMENT_URL_EXPIRED' },
    });
    expect(JSON.stringify(error)).not.toMatch(/X-Amz-Signature/);
    // readReportDocument asks for a fresh URL each time, so it still works.
    expect((await rowsOf(documentId)).length).toBeGreaterThan(0);
  });
});

describe('waitForReport', () => {
  it('gives up at maxWaitMs with PROCESSING_WAIT_EXCEEDED, having said its waits', async () => {
    await w.control('PUT', '/_emulator/processing', { inQueueMs: 60 * 60_000 });
    try {
      const { reportId } = await requestReport(w.client, {
        reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
        marketplaceIds: [w.marketplaceId],
      });
      const waits: number[] = [];
      const started = w.clock.now();
      const error = await waitForReport(w.client, reportId, {
        clock: w.clock,
        pollMs: 20_000,
        maxWaitMs: 3 * 60_000,
        onWait: (event) => waits.push(event.waitMs),
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ProcessingWaitError);
      expect(error).toMatchObject({
        processing: 'report',
        id: reportId,
        diagnosis: { code: 'PROCESSING_WAIT_EXCEEDED' },
      });
      expect(w.clock.now() - started).toBe(3 * 60_000);
      expect(waits).toEqual([20_000, 30_000, 45_000, 60_000, 25_000]);
    } finally {
      await w.control('PUT', '/_emulator/processing', { inQueueMs: 2000 });
    }
  });

  it('refuses bad arguments before calling Amazon', async () => {
    const stats = async () =>
      (await w.control('GET', '/_emulator/stats')).operations.createReport?.requests ?? 0;
    const before = await stats();
    for (const request of [
      { reportType: '', marketplaceIds: [w.marketplaceId] },
      { reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA', marketplaceIds: [] },
      {
        reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA',
        marketplaceIds: [w.marketplaceId],
        dataStartTime: 'soon',
      },
    ]) {
      const error = await requestReport(w.client, request).catch((e: unknown) => e);
      expect(isSpApiUsageError(error) && error.code).toBe('INVALID_ARGUMENT');
    }
    expect(await stats()).toBe(before);
  });
});

describe('parseTabSeparatedReport', () => {
  it('reads rows as they stream, one line at a time, in the charset the document names', async () => {
    const filler = Array.from({ length: 300 }, (_, i) => `F-${i}\t${i}\tFiller ${i}`);
    const lines = [
      'seller-sku\tquantity\titem-name',
      'A-1\t3\tCafé crème',
      'B-2\t0',
      '',
      'C-3\t7\tThé\r',
      ...filler,
    ];
    const bytes = Buffer.from(`${lines.join('\n')}\n`, 'latin1');
    let pulled = 0;
    // Three bytes a chunk, split inside lines and characters; counts what the parser pulled.
    const source = Object.assign(
      Readable.from(
        (function* () {
          for (let i = 0; i < bytes.length; i += 3) {
            pulled = i + 3;
            yield bytes.subarray(i, i + 3);
          }
        })(),
      ),
      { contentType: 'text/plain;charset=Cp1252' },
    );
    const rows = parseTabSeparatedReport(source);
    const first = await rows.next();
    expect(first.value).toEqual({ 'seller-sku': 'A-1', quantity: '3', 'item-name': 'Café crème' });
    // The first row came long before the whole document was read (the source reads a few chunks ahead).
    expect(pulled).toBeLessThan(200);
    expect(bytes.length).toBeGreaterThan(4000);
    const rest: Record<string, string>[] = [];
    for await (const row of rows) rest.push(row);
    expect(rest.slice(0, 2)).toEqual([
      { 'seller-sku': 'B-2', quantity: '0', 'item-name': '' },
      { 'seller-sku': 'C-3', quantity: '7', 'item-name': 'Thé' },
    ]);
    expect(rest).toHaveLength(302);
    expect(rest.at(-1)).toEqual({ 'seller-sku': 'F-299', quantity: '299', 'item-name': 'Filler 299' });
  });
});

describe('logs', () => {
  it('hold no secret, token or presigned URL', () => {
    const creds = w.emulator.credentials;
    const secrets = [creds.clientSecret, ...creds.sellers.map((s) => s.refreshToken)];
    expect(w.lines.some((l) => l.includes('document download started'))).toBe(true);
    for (const line of w.lines) {
      for (const secret of secrets) expect(line).not.toContain(secret);
      expect(line).not.toMatch(/Atz[ar]\||X-Amz-Signature|X-Amz-Credential|_uploads|_downloads/);
    }
  });
});
