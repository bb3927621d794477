import type { LightMyRequestResponse } from 'fastify';
import { buildEmulator, type EmulatorApp, type EmulatorOptions } from '../../../src/emulator/index.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';

export const T0 = Date.parse('2026-06-01T12:00:00Z');

export interface Harness {
  app: EmulatorApp;
  clock: FakeClock;
  creds: ReturnType<EmulatorApp['emulator']['publicCredentials']>;
  sellerId: (index?: number) => string;
  /** An LWA access token for seller `index` (refresh_token grant). */
  token(index?: number): Promise<string>;
  /** An SP-API call with a user agent and the given token. */
  sp(token: string | undefined, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  lwa(body: Record<string, string>, json?: boolean): Promise<LightMyRequestResponse>;
  control(method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  rdt(token: string, resources: unknown[]): Promise<string>;
}

/** An emulator built (not listening) on the fake clock, so no test waits; small by default so tests stay fast. */
export async function harness(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const clock = createFakeClock(T0);
  const app = buildEmulator({ clock, orders: 120, ...options });
  await app.ready();
  const creds = app.emulator.publicCredentials();
  const h: Harness = {
    app,
    clock,
    creds,
    sellerId: (index = 0) => creds.sellers[index]!.sellerId,
    lwa: (body, json = false) =>
      app.inject({
        method: 'POST',
        url: '/auth/o2/token',
        headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
        payload: json ? JSON.stringify(body) : new URLSearchParams(body).toString(),
      }),
    async token(index = 0) {
      const res = await h.lwa({
        grant_type: 'refresh_token',
        refresh_token: creds.sellers[index]!.refreshToken,
        client_id: creds.clientId,
        client_secret: app.emulator.clientSecret,
      });
      if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
      return res.json<{ access_token: string }>().access_token;
    },
    sp: (token, method, url, body) =>
      app.inject({
        method: method as 'GET',
        url,
        headers: {
          'user-agent': 'csm-tests/1.0 (Language=TypeScript)',
          ...(token === undefined ? {} : { 'x-amz-access-token': token }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      }),
    control: (method, url, body) =>
      app.inject({
        method: method as 'GET',
        url,
        ...(body === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) }),
      }),
    async rdt(token, resources) {
      const res = await h.sp(token, 'POST', '/tokens/2021-03-01/restrictedDataToken', {
        restrictedResources: resources,
      });
      if (res.statusCode !== 200) throw new Error(`rdt: ${res.statusCode} ${res.body}`);
      return res.json<{ restrictedDataToken: string }>().restrictedDataToken;
    },
  };
  return h;
}

/** Every includedData value. */
export const ALL_INCLUDED =
  'BUYER,RECIPIENT,PROCEEDS,EXPENSE,PROMOTION,CANCELLATION,FULFILLMENT,PACKAGES,TAX,PAYMENT,FULFILLMENT_ORDERS';

export const iso = (ms: number): string => new Date(ms).toISOString();
