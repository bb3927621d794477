import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Clock,
  DocumentTransferError,
  downloadDocument,
  type Timer,
  uploadFeedDocument,
} from '../../../src/index.js';
import { startServer, type TestServer } from '../support/http-servers.js';

// The presigned-URL transfers against real HTTP servers that misbehave as S3 never does (or a proxy might):
// no answer, a stalled body, a redirect, bytes that are not the gzip Amazon announced. Time is a clock the
// test moves by hand, so a timeout happens when the test says, never by waiting.

/** Timers fire only when the test calls `advance`; sleeps end at once and are recorded. */
function manualClock() {
  let now = 0;
  const timers = new Set<{ at: number; fn: () => void }>();
  const slept: number[] = [];
  const clock: Clock & { advance(ms: number): void; pending(): number; slept: number[] } = {
    now: () => now,
    setTimer(ms, fn): Timer {
      const timer = { at: now + ms, fn };
      timers.add(timer);
      return { cancel: () => timers.delete(timer) };
    },
    async sleep(ms) {
      slept.push(ms);
    },
    advance(ms) {
      now += ms;
      for (const timer of [...timers]) {
        if (timer.at <= now) {
          timers.delete(timer);
          timer.fn();
        }
      }
    },
    pending: () => timers.size,
    slept,
  };
  return clock;
}

/** Lets the event loop turn until `condition` holds (I/O progress, not time). */
async function until(condition: () => boolean): Promise<void> {
  for (let turns = 0; !condition(); turns++) {
    if (turns > 100_000) throw new Error('condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

const servers: TestServer[] = [];
async function server(handle: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const started = await startServer(handle);
  servers.push(started);
  return started;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const SIGNED = '?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=abc123';

describe('uploadFeedDocument', () => {
  it('sends the bytes whole with the declared type and a length, and tries a 5xx again', async () => {
    let answered = 0;
    const s3 = await server((_request, response) => {
      answered += 1;
      if (answered < 3) {
        response.writeHead(503, { 'content-type': 'application/xml' });
        response.end(
          '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
        );
      } else {
        response.writeHead(200, { etag: '"x"' });
        response.end();
      }
    });
    const clock = manualClock();
    await uploadFeedDocument(
      { feedDocumentId: 'doc-1', url: `${s3.url}/doc-1${SIGNED}` },
      'sku\tquantity\nA\t3\n',
      'text/tab-separated-values; charset=UTF-8',
      { clock },
    );
    expect(s3.received).toHaveLength(3);
    expect(clock.slept).toEqual([1000, 2000]);
    const last = s3.received[2];
    expect(last?.method).toBe('PUT');
    expect(last?.headers['content-type']).toBe('text/tab-separated-values; charset=UTF-8');
    expect(last?.headers['content-length']).toBe('17');
    expect(last?.headers['transfer-encoding']).toBeUndefined();
    expect(last?.body).toBe('sku\tquantity\nA\t3\n');
  });

  it('gives up on a host that never answers after three attempts of timeoutMs each', async () => {
    const silent = await server(() => {});
    const clock = manualClock();
    const upload = uploadFeedDocument(
      { feedDocumentId: 'doc-2', url: `${silent.url}/doc-2${SIGNED}` },
      '{}',
      'application/json',
      { clock, timeoutMs: 10_000 },
    ).catch((e: unknown) => e);
    for (let attempt = 1; attempt <= 3; attempt++) {
      await until(() => silent.received.length === attempt && clock.pending() > 0);
      clock.advance(10_000);
    }
    const error = await upload;
    expect(error).toBeInstanceOf(DocumentTransferError);
    expect(error).toMatchObject({
      kind: 'network',
      transfer: 'upload',
      diagnosis: { code: 'ATTEMPT_TIMEOUT' },
    });
    expect(String((error as Error).message)).not.toContain('Signature');
  });

  it('does not follow a redirect: the content never reaches the other host', async () => {
    const elsewhere = await server((_request, response) => response.end());
    const proxy = await server((_request, response) => {
      response.writeHead(307, { location: `${elsewhere.url}/stolen` });
      response.end();
    });
    const error = await uploadFeedDocument(
      { feedDocumentId: 'doc-3', url: `${proxy.url}/doc-3${SIGNED}` },
      '{"secret":"listing"}',
      'application/json',
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 307, diagnosis: { code: 'REDIRECT_REFUSED' } });
    expect((error as Error).message).toContain(new URL(elsewhere.url).host);
    expect(elsewhere.received).toHaveLength(0);
  });
});

describe('downloadDocument', () => {
  it('fails the stream with ATTEMPT_TIMEOUT when the body stalls while the reader waits', async () => {
    const stalling = await server((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.write('item-name\tseller-sku\n');
      // …and nothing more, never the end.
    });
    const clock = manualClock();
    const stream = await downloadDocument(
      { documentId: 'amzn1.spdoc.1', url: `${stalling.url}/r${SIGNED}` },
      { clock, timeoutMs: 30_000 },
    );
    const reading = stream[Symbol.asyncIterator]();
    expect(String((await reading.next()).value)).toBe('item-name\tseller-sku\n');
    const next = reading.next().catch((e: unknown) => e);
    await until(() => clock.pending() > 0);
    clock.advance(30_000);
    const error = await next;
    expect(error).toBeInstanceOf(DocumentTransferError);
    expect(error).toMatchObject({ transfer: 'download', diagnosis: { code: 'ATTEMPT_TIMEOUT' } });
  });

  it('says DOCUMENT_UNREADABLE when bytes announced as GZIP do not gunzip, and gunzips those that do', async () => {
    const s3 = await server((request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(request.url.startsWith('/good') ? gzipSync('a\tb\n1\t2\n') : 'plain text, not gzip');
    });
    const bad = await downloadDocument({
      documentId: 'amzn1.tortuga.4.bad',
      url: `${s3.url}/bad${SIGNED}`,
      compressionAlgorithm: 'GZIP',
    });
    const error = await (async () => {
      for await (const _chunk of bad) {
        // drain
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentTransferError);
    expect(error).toMatchObject({ kind: 'invalid-response', diagnosis: { code: 'DOCUMENT_UNREADABLE' } });

    const good = await downloadDocument({
      documentId: 'amzn1.tortuga.4.good',
      url: `${s3.url}/good${SIGNED}`,
      compressionAlgorithm: 'GZIP',
    });
    let text = '';
    for await (const chunk of good) text += String(chunk);
    expect(text).toBe('a\tb\n1\t2\n');
  });

  it("turns S3's NoSuchKey into DOCUMENT_NOT_FOUND, keeping nothing of the URL", async () => {
    const s3 = await server((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/xml' });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>k</Key></Error>',
      );
    });
    const error = await downloadDocument({ documentId: 'gone', url: `${s3.url}/gone${SIGNED}` }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      kind: 'not-found',
      status: 404,
      s3Code: 'NoSuchKey',
      documentId: 'gone',
      diagnosis: { code: 'DOCUMENT_NOT_FOUND' },
    });
    expect(JSON.stringify(error)).not.toMatch(/X-Amz|AKIA|abc123/);
  });
});
