import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSpApiClient, type Logger, redactText, redactValue } from '../../src/index.js';
import { createFakeClock } from '../support/fake-clock.js';
import { CREDENTIALS, fakeAmazon, json } from './support/fake-amazon.js';

const PII = {
  BuyerName: 'Jane Q. Buyer',
  BuyerEmail: 'jane.buyer@marketplace.example.com',
  AddressLine1: '1 Secret Street',
  Phone: '+1 555 0100',
  PostalCode: '90210-1234',
};
const ACCESS_TOKEN = 'Atza|access-token-secret';
const RDT = 'Atz.sprdt|rdt-secret';

// Every string that must never reach a log line or an error.
const SECRETS = [
  CREDENTIALS.clientSecret,
  'supersecretvalue',
  CREDENTIALS.refreshToken,
  'refresh-token-secret',
  ACCESS_TOKEN,
  'access-token-secret',
  RDT,
  'rdt-secret',
  ...Object.values(PII),
];

function capturingLogger(lines: string[]): Logger {
  const log = (level: string) => (obj: Record<string, unknown>, msg?: string) => {
    lines.push(`${level} ${msg ?? ''} ${JSON.stringify(obj)}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function expectClean(text: string, where: string): void {
  for (const secret of SECRETS) {
    if (text.includes(secret)) throw new Error(`${where} leaks ${JSON.stringify(secret)}: ${text}`);
  }
}

const address = {
  Name: PII.BuyerName,
  AddressLine1: PII.AddressLine1,
  Phone: PII.Phone,
  PostalCode: PII.PostalCode,
  City: 'Springfield',
};

describe('redaction', () => {
  it('keeps tokens, secrets and buyer data out of every log line and every error', async () => {
    const lines: string[] = [];
    let lwaCalls = 0;
    const amazon = fakeAmazon((request) => {
      if (request.path === '/auth/o2/token') {
        lwaCalls += 1;
        // The second LWA request fails, echoing the credentials it was sent.
        if (lwaCalls === 2) {
          return json(400, {
            error: 'invalid_grant',
            error_description: `bad grant ${CREDENTIALS.refreshToken} client_secret=${CREDENTIALS.clientSecret}`,
          });
        }
        return json(200, { access_token: ACCESS_TOKEN, expires_in: 3600 });
      }
      if (request.path.endsWith('/restrictedDataToken'))
        return json(200, { restrictedDataToken: RDT, expiresIn: 3600 });
      if (request.path === '/orders/v0/orders') {
        return json(200, {
          payload: {
            Orders: [
              { AmazonOrderId: '1', BuyerInfo: { BuyerEmail: PII.BuyerEmail }, ShippingAddress: address },
            ],
          },
        });
      }
      if (request.path.endsWith('/address')) {
        return json(400, {
          errors: [
            {
              code: 'InvalidInput',
              message: `Address rejected for ${PII.BuyerEmail}, token ${request.headers['x-amz-access-token']}`,
              details: `sent with ${ACCESS_TOKEN}`,
              ShippingAddress: address,
            },
          ],
        });
      }
      if (request.path.endsWith('/buyerInfo')) {
        throw new Error(`connect failed while sending ${request.headers['x-amz-access-token']}`);
      }
      if (request.path === '/orders/2026-01-01/orders') {
        return json(403, {
          errors: [
            {
              code: 'Unauthorized',
              message: 'Access to requested resource is denied.',
              details: `token ${ACCESS_TOKEN}`,
            },
          ],
        });
      }
      return json(200, {});
    });
    const clock = createFakeClock();
    const client = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      logger: capturingLogger(lines),
      retry: { maxAttempts: 2 },
    });

    const errors: unknown[] = [];
    const orders = await client.call('getOrders', {
      query: { MarketplaceIds: ['ATVPDKIKX0DER'], BuyerEmail: PII.BuyerEmail, CreatedAfter: '2026-01-01' },
    });
    // The caller gets Amazon's body as is, PII included: that is what it asked for.
    expect(JSON.stringify(orders.body)).toContain(PII.AddressLine1);
    await client.call('getOrderAddress', { path: { orderId: '1' } }).catch((e: unknown) => errors.push(e));
    await client.call('getOrderBuyerInfo', { path: { orderId: '1' } }).catch((e: unknown) => errors.push(e));
    await client
      .call('searchOrders', { query: { lastUpdatedAfter: '2026-01-01' } })
      .catch((e: unknown) => errors.push(e));
    // A second client whose LWA request fails.
    const failing = createSpApiClient({
      ...CREDENTIALS,
      transport: amazon.transport,
      clock,
      logger: capturingLogger(lines),
    });
    await failing.call('getAccount').catch((e: unknown) => errors.push(e));

    expect(errors).toHaveLength(4);
    expect(lines.length).toBeGreaterThan(8);
    for (const [i, line] of lines.entries()) expectClean(line, `log line ${i}`);
    for (const [i, error] of errors.entries()) {
      const e = error as Error & { toJSON(): unknown };
      expectClean(e.message, `error ${i} message`);
      expectClean(String(e.stack), `error ${i} stack`);
      expectClean(JSON.stringify(e), `error ${i} JSON`);
      expectClean(JSON.stringify(e.toJSON()), `error ${i} toJSON`);
      expectClean(inspect(e, { depth: 10, showHidden: false }), `error ${i} inspect`);
    }
    // The errors still say what happened.
    expect(
      errors.map((e) => (e as { code?: string; error?: string }).code ?? (e as { error: string }).error),
    ).toEqual(['InvalidInput', 'NetworkError', 'Unauthorized', 'invalid_grant']);
  });

  it('redacts tokens, secret pairs and e-mails in text, and PII fields in objects', () => {
    expect(redactText('x-amz-access-token: Atza|abc.DEF-123 and Atz.sprdt|q and Atzr%7Cabc')).toBe(
      'x-amz-access-token: [REDACTED] and [REDACTED] and [REDACTED]',
    );
    expect(redactText('client_secret=abc&refresh_token=def')).toBe(
      'client_secret=[REDACTED]&refresh_token=[REDACTED]',
    );
    expect(redactText('mail jane@example.com now')).toBe('mail [REDACTED] now');
    expect(
      redactValue({
        code: 'InvalidInput',
        buyer: { buyerName: 'x' },
        recipient: { deliveryAddress: { addressLine1: 'y' } },
        items: [{ BuyerInfo: { GiftMessageText: 'z' } }],
      }),
    ).toEqual({
      code: 'InvalidInput',
      buyer: '[REDACTED]',
      recipient: '[REDACTED]',
      items: [{ BuyerInfo: '[REDACTED]' }],
    });
  });
});
