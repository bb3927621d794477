import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createSpApiClient,
  isCsmApiError,
  type Logger,
  type SpApiClientEvent,
  type SpApiClientOptions,
} from '../../src/index.js';
import { createFakeClock } from '../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json } from './support/fake-amazon.js';
import { everything, startServer, type TestServer } from './support/http-servers.js';

// Secrets in no format the patterns know: only redaction by value can catch them.
const SECRET = 'plain-client-secret-7f3a9c2e';
const REFRESH = 'plain-refresh-token-41b8d0aa';
const ACCESS = 'plain-access-token-9e7c11f0';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
const serve = async (handle: Parameters<typeof startServer>[0]) => {
  const server = await startServer(handle);
  servers.push(server);
  return server;
};

function capturingLogger(lines: string[]): Logger {
  const log = (level: string) => (obj: Record<string, unknown>, msg?: string) => {
    lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Every form in which an error could be shown or stored. */
function renderings(error: unknown): string {
  const e = error as Error & { toJSON?: () => unknown };
  return [e.message, e.stack, JSON.stringify(e), inspect(e, { depth: 8 }), String(e.cause ?? '')].join('\n');
}

function expectNoSecret(text: string, where: string): void {
  for (const secret of [SECRET, REFRESH, ACCESS]) {
    if (text.includes(secret)) throw new Error(`${where} contains ${secret}: ${text.slice(0, 400)}`);
  }
}

const credentials = {
  clientId: 'amzn1.application-oa2-client.test',
  clientSecret: SECRET,
  refreshToken: REFRESH,
};

describe('redirects are never followed', () => {
  it('a 307 from the LWA endpoint: the capture server sees nothing; the error names its host', async () => {
    const capture = await serve((_request, response) => response.writeHead(200).end('{}'));
    const lwa = await serve((_request, response) =>
      response.writeHead(307, { location: `${capture.url}/steal?from=lwa` }).end(),
    );
    const lines: string[] = [];
    const client = createSpApiClient({
      ...credentials,
      endpoint: capture.url,
      lwaEndpoint: `${lwa.url}/auth/o2/token`,
      logger: capturingLogger(lines),
    });
    const error = await client.call('getMarketplaceParticipations').catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'LwaError',
      kind: 'invalid-response',
      status: 307,
      retryable: false,
      diagnosis: { code: 'REDIRECT_REFUSED' },
    });
    const host = new URL(capture.url).host;
    expect((error as { diagnosis: { cause: string } }).diagnosis.cause).toContain(host);
    expect((error as { diagnosis: { cause: string } }).diagnosis.cause).toMatch(/proxy|lwaEndpoint/);
    // Asked once (a redirect is not retried), and never followed.
    expect(lwa.received).toHaveLength(1);
    expect(capture.received).toHaveLength(0);
    expectNoSecret(renderings(error), 'the error');
    expectNoSecret(lines.join('\n'), 'the log');
  });

  it('a 302 and a 307 on SP-API paths: the access token goes nowhere but the configured host', async () => {
    const capture = await serve((_request, response) => response.writeHead(200).end('{"payload":{}}'));
    let code = 302;
    const gateway = await serve((request, response) => {
      if (request.url === '/auth/o2/token') {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ access_token: ACCESS, expires_in: 3600 }));
        return;
      }
      response.writeHead(code, { location: `${capture.url}${request.url}` }).end();
    });
    const client = createSpApiClient({
      ...credentials,
      endpoint: gateway.url,
      lwaEndpoint: `${gateway.url}/auth/o2/token`,
    });
    for (const status of [302, 307]) {
      code = status;
      const error = await client
        .call('getOrder@2026-01-01', { path: { orderId: '1' } })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        name: 'SpApiError',
        kind: 'invalid-response',
        status,
        diagnosis: { code: 'REDIRECT_REFUSED' },
      });
      expect((error as { diagnosis: { cause: string } }).diagnosis.cause).toContain(
        new URL(capture.url).host,
      );
      expectNoSecret(renderings(error), 'the error');
    }
    expect(capture.received).toHaveLength(0);
    // The configured host did get the token, once per call: nothing was re-sent elsewhere.
    expect(gateway.received.filter((r) => r.headers['x-amz-access-token'] === ACCESS)).toHaveLength(2);
    expectNoSecret(everything(capture), 'the capture server');
  });
});

describe('endpoints', () => {
  it('refuses a user name or password in an endpoint, without printing them', () => {
    const attempt = (options: Partial<SpApiClientOptions>) => {
      try {
        createSpApiClient({ ...CREDENTIALS, ...options });
      } catch (error) {
        return error;
      }
      throw new Error('accepted');
    };
    for (const options of [
      { endpoint: 'http://user:hunter2-password@127.0.0.1:8080' },
      { lwaEndpoint: 'https://user:hunter2-password@api.amazon.com/auth/o2/token' },
    ]) {
      const error = attempt(options);
      expect(error).toMatchObject({ name: 'SpApiUsageError', kind: 'usage', code: 'INVALID_OPTION' });
      expect((error as Error).message).toMatch(/must not contain a user name or password/);
      expect(renderings(error)).not.toContain('hunter2');
      expect(renderings(error)).not.toContain('user:');
    }
    expect((attempt({ endpoint: 'http://127.0.0.1:8080/prefix' }) as Error).message).toMatch(
      /must be the host only, such as http:\/\/127\.0\.0\.1:8080/,
    );
    expect((attempt({ endpoint: 'http://127.0.0.1:8080/?x=1' }) as Error).message).toMatch(
      /query or fragment/,
    );
    expect((attempt({ lwaEndpoint: 'http://127.0.0.1:8080/auth/o2/token#x' }) as Error).message).toMatch(
      /query or fragment/,
    );
    expect((attempt({ endpoint: 'ftp://127.0.0.1' }) as Error).message).toMatch(/http or https/);
    expect(() => createSpApiClient({ ...CREDENTIALS, endpoint: 'http://127.0.0.1:8080/' })).not.toThrow();
  });
});

describe('a host that never answers', () => {
  it('gives up on each attempt and on the call, over real HTTP with small timeouts', async () => {
    const silent = await serve(() => {
      // accepts, reads the request, never answers
    });
    const tokenHost = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ access_token: ACCESS, expires_in: 3600 }));
    });
    const events: SpApiClientEvent[] = [];
    const client = createSpApiClient({
      ...credentials,
      endpoint: silent.url,
      lwaEndpoint: `${tokenHost.url}/auth/o2/token`,
      attemptTimeoutMs: 150,
      callTimeoutMs: 400,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
      onEvent: (event) => events.push(event),
    });
    const error = await client.call('getAccount').catch((e: unknown) => e);
    expect(isCsmApiError(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'network', status: 0 });
    expect(['ATTEMPT_TIMEOUT', 'CALL_DEADLINE']).toContain(
      (error as { diagnosis: { code: string } }).diagnosis.code,
    );
    const attempts = events.filter((e) => e.type === 'attempt');
    // Several attempts, each given up; the last one cut short by the call's deadline.
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    expect(attempts.every((a) => a.type === 'attempt' && a.error?.kind === 'network')).toBe(true);
    // The last request may still be on its way to the server when the call gives up.
    await vi.waitFor(() => expect(silent.received.length).toBe(attempts.length), { timeout: 5000 });
    expectNoSecret(renderings(error), 'the error');
  });

  it('an LWA endpoint that never answers fails the call too', async () => {
    const silent = await serve(() => {});
    const client = createSpApiClient({
      ...credentials,
      endpoint: silent.url,
      lwaEndpoint: `${silent.url}/auth/o2/token`,
      attemptTimeoutMs: 150,
      callTimeoutMs: 400,
      retry: { baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await client.call('getAccount').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    expect(['ATTEMPT_TIMEOUT', 'CALL_DEADLINE']).toContain(
      (error as { diagnosis: { code: string } }).diagnosis.code,
    );
    expectNoSecret(renderings(error), 'the error');
  });

  it('with the defaults: says on the logger after 5 s what it waits for, and fails within 2 minutes', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : new Promise(() => {}),
    );
    const lines: string[] = [];
    const events: SpApiClientEvent[] = [];
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      logger: capturingLogger(lines),
      onEvent: (event) => events.push(event),
    });
    const error = await client.call('getAccount').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', diagnosis: { code: 'CALL_DEADLINE' } });
    expect(clock.elapsed()).toBeLessThanOrEqual(120_000);
    // Four attempts of 30 s at most fit in the deadline; each said after 5 s that it was waiting.
    const attempts = events.filter((e) => e.type === 'attempt');
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts[0]).toMatchObject({ error: { code: 'ATTEMPT_TIMEOUT' }, durationMs: 30_000 });
    const slow = events.filter((e) => e.type === 'wait' && e.for === 'response');
    expect(slow.length).toBe(attempts.length);
    expect(slow[0]).toMatchObject({
      waitMs: 25_000,
      reason: expect.stringMatching(/no answer from .* after 5 s/),
    });
    expect(lines.filter((l) => l.startsWith('warn sp-api waiting 25 s for response')).length).toBeGreaterThan(
      0,
    );
  });
});

describe('long waits are said on the logger', () => {
  it('a rate-limit wait longer than 5 s is logged at warn with what for, how long and why', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { orders: [] }),
    );
    const lines: string[] = [];
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      logger: capturingLogger(lines),
    });
    const query = { query: { lastUpdatedAfter: '2026-01-01' } };
    await Promise.all(Array.from({ length: 21 }, () => client.call('searchOrders', query)));
    const warned = lines.filter((l) => l.startsWith('warn sp-api waiting'));
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/waiting 1\d\d s for rate-limit/);
    expect(warned[0]).toMatch(
      /searchOrders bucket for this seller is empty: it refills at 0\.0056 per second/,
    );
  });

  it('the deadline does not count a wait for the rate limit', async () => {
    const clock = createFakeClock();
    const amazon = fakeAmazon((request) =>
      request.path === '/auth/o2/token' ? undefined : json(200, { orders: [] }),
    );
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      callTimeoutMs: 1000,
    });
    const query = { query: { lastUpdatedAfter: '2026-01-01' } };
    const results = await Promise.all(Array.from({ length: 21 }, () => client.call('searchOrders', query)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(clock.elapsed()).toBeGreaterThan(170_000);
  });
});

describe('redaction by value', () => {
  it('cuts the exact secret and tokens out of errors and log lines, whatever their format, when a server echoes them', async () => {
    let lwaFails = false;
    const echo = await serve((request, response) => {
      if (request.url === '/auth/o2/token') {
        if (lwaFails) {
          // An LWA error that quotes the secret and the refresh token it got, in no known format.
          const form = new URLSearchParams(request.body);
          response.writeHead(400, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              error: 'invalid_grant',
              error_description: `secret was ${form.get('client_secret')}; grant ${form.get('refresh_token')}`,
            }),
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ access_token: ACCESS, expires_in: 3600 }));
        return;
      }
      // An SP-API error that quotes the token it got, in a message and in a header.
      const token = String(request.headers['x-amz-access-token']);
      response.writeHead(403, {
        'content-type': 'application/json',
        'x-echo': token,
        'x-amzn-requestid': token,
      });
      response.end(
        JSON.stringify({
          errors: [{ code: 'Unauthorized', message: `token ${token} refused`, details: `secret ${SECRET}` }],
        }),
      );
    });
    const lines: string[] = [];
    const client = createSpApiClient({
      ...credentials,
      endpoint: echo.url,
      lwaEndpoint: `${echo.url}/auth/o2/token`,
      logger: capturingLogger(lines),
      retry: false,
    });
    const spError = await client.call('getAccount').catch((e: unknown) => e);
    expect(spError).toMatchObject({ name: 'SpApiError', status: 403 });
    expect((spError as Error).message).toContain('[REDACTED]');
    expectNoSecret(renderings(spError), 'the SP-API error');
    expectNoSecret(JSON.stringify((spError as { headers: unknown }).headers), 'the error headers');
    lwaFails = true;
    const fresh = createSpApiClient({
      ...credentials,
      endpoint: echo.url,
      lwaEndpoint: `${echo.url}/auth/o2/token`,
      logger: capturingLogger(lines),
      retry: false,
    });
    const lwaError = await fresh.call('getAccount').catch((e: unknown) => e);
    expect(lwaError).toMatchObject({ name: 'LwaError', status: 400 });
    expect((lwaError as Error).message).toContain('secret was [REDACTED]; grant [REDACTED]');
    expectNoSecret(renderings(lwaError), 'the LWA error');
    expect(lines.length).toBeGreaterThan(0);
    expectNoSecret(lines.join('\n'), 'the log');
  });
});
