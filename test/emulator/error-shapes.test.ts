import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

/** Sends raw bytes and reads the whole answer until the server closes or a complete response arrived. */
function rawHttp(url: string, request: string): Promise<{ status: number; headers: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    const done = (): void => {
      const split = data.indexOf('\r\n\r\n');
      const head = split < 0 ? data : data.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, headers: head.toLowerCase(), body: split < 0 ? '' : data.slice(split + 4) });
    };
    socket.on('data', (chunk) => {
      data += chunk;
      const split = data.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(data.slice(0, Math.max(split, 0)))?.[1];
      if (split >= 0 && length !== undefined && Buffer.byteLength(data.slice(split + 4)) >= Number(length)) {
        socket.destroy();
        done();
      }
    });
    socket.on('close', done);
    socket.on('error', reject);
    socket.write(request);
  });
}

const AMAZON_SHAPE = {
  errors: [{ code: expect.any(String), message: expect.any(String), details: expect.any(String) }],
};

// Every answer on an SP-API path has Amazon's error shape and an x-amzn-RequestId, also when the request
// fails before routing (fastify's router or Node's HTTP parser refused it).
describe("error shapes before routing: Amazon's, with a request id", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ orders: 5 });
  });
  afterAll(async () => emulator.close());

  const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;
  const cases: [string, string, number, RegExp][] = [
    ['a malformed percent-encoding', get('/orders/v0/orders/%zz'), 400, /not a valid URL/],
    [
      'a path segment over 2048 characters',
      get(`/orders/v0/orders/${'1'.repeat(2049)}`),
      414,
      /longer than 2048/,
    ],
    [
      'a URL past the 16 KiB limit',
      get(`/orders/v0/orders?q=${'a'.repeat(17_000)}`),
      414,
      /request URL is longer/,
    ],
    [
      'headers past the 16 KiB limit',
      get('/orders/v0/orders', `x-big: ${'a'.repeat(17_000)}\r\n`),
      431,
      /headers are larger/,
    ],
    ['bytes that are not HTTP', 'HELLO THERE\r\n\r\n', 400, /not valid HTTP/],
    ['a space in the path', get('/orders/v0/ord ers'), 400, /not valid HTTP/],
    [
      'a Content-Length that is not a number',
      'POST /tokens/2021-03-01/restrictedDataToken HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n',
      400,
      /not valid HTTP/,
    ],
  ];
  for (const [name, request, status, details] of cases) {
    it(name, async () => {
      const res = await rawHttp(emulator.url, request);
      expect(res.status).toBe(status);
      expect(res.headers).toMatch(/\r\nx-amzn-requestid: [0-9a-f-]{36}(\r\n|$)/);
      expect(res.headers).toMatch(/content-type: application\/json/);
      const body = JSON.parse(res.body);
      expect(body).toEqual(AMAZON_SHAPE);
      expect(body.errors[0]).toMatchObject({ code: 'InvalidInput', details: expect.stringMatching(details) });
    });
  }

  it('a long order id below the limit reaches the operation, which names the parameter', async () => {
    const res = await rawHttp(
      emulator.url,
      get(`/orders/v0/orders/${'1'.repeat(500)}`, 'user-agent: t/1\r\n'),
    );
    expect(res.status).toBe(403); // no token: the gateway's own answer, in Amazon's shape
    expect(JSON.parse(res.body)).toEqual(AMAZON_SHAPE);
  });

  it('a body over the size limit, an unknown content type: the gateway answers 400 and 415', async () => {
    const big = 'x'.repeat(1_100_000);
    const tooLarge = await rawHttp(
      emulator.url,
      `POST /tokens/2021-03-01/restrictedDataToken HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\nContent-Length: ${big.length}\r\n\r\n${big}`,
    );
    expect(tooLarge.status).toBe(400);
    expect(JSON.parse(tooLarge.body)).toEqual(AMAZON_SHAPE);
    const unknownType = await rawHttp(
      emulator.url,
      'POST /tokens/2021-03-01/restrictedDataToken HTTP/1.1\r\nHost: x\r\ncontent-type: text/csv\r\nContent-Length: 3\r\n\r\na,b',
    );
    expect(unknownType.status).toBe(415);
    expect(JSON.parse(unknownType.body)).toEqual(AMAZON_SHAPE);
    for (const res of [tooLarge, unknownType]) expect(res.headers).toMatch(/x-amzn-requestid: [0-9a-f-]{36}/);
  });
});
