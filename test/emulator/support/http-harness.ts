import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';

export const T0 = Date.parse('2026-06-01T12:00:00Z');

/** One HTTP answer, body read as text and (when it is JSON) parsed. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field; the model schemas check shapes.
  json: any;
}

/** An emulator listening on loopback, on a fake clock, with helpers that talk to it over real HTTP. */
export interface HttpHarness {
  emu: RunningEmulator;
  clock: FakeClock;
  url: string;
  sellerId(index?: number): string;
  marketplaceIds(index?: number): string[];
  /** An LWA access token of seller `index` (cached per seller). */
  token(index?: number): Promise<string>;
  /** An SP-API call as seller `index` (or with `token: null`, none). */
  sp(
    method: string,
    path: string,
    options?: { body?: unknown; seller?: number; token?: string | null },
  ): Promise<Answer>;
  control(method: string, path: string, body?: unknown): Promise<Answer>;
  close(): Promise<void>;
}

async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Starts an emulator on a fake clock (small: 120 orders a seller) and hands out helpers. */
export async function httpHarness(options: Partial<EmulatorOptions> = {}): Promise<HttpHarness> {
  const clock = createFakeClock(T0);
  const emu = await startEmulator({ clock, orders: 120, port: 0, ...options });
  const tokens = new Map<number, string>();
  const h: HttpHarness = {
    emu,
    clock,
    url: emu.url,
    sellerId: (index = 0) => emu.credentials.sellers[index]?.sellerId ?? '',
    marketplaceIds: (index = 0) => [...(emu.credentials.sellers[index]?.marketplaceIds ?? [])],
    async token(index = 0) {
      const known = tokens.get(index);
      if (known) return known;
      const seller = emu.credentials.sellers[index];
      if (!seller) throw new Error(`no seller #${index}`);
      const res = await fetch(`${emu.url}/auth/o2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'refresh_token',
          refresh_token: seller.refreshToken,
          client_id: emu.credentials.clientId,
          client_secret: emu.credentials.clientSecret,
        }),
      });
      if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
      const token = ((await res.json()) as { access_token: string }).access_token;
      tokens.set(index, token);
      return token;
    },
    async sp(method, path, options = {}) {
      const token = options.token === undefined ? await h.token(options.seller ?? 0) : options.token;
      const headers: Record<string, string> = {
        'user-agent': 'csm-writeback-tests/1.0 (Language=TypeScript)',
      };
      if (token !== null) headers['x-amz-access-token'] = token;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      return answer(
        await fetch(`${emu.url}${path}`, {
          method,
          headers,
          ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
        }),
      );
    },
    async control(method, path, body) {
      return answer(
        await fetch(`${emu.url}${path}`, {
          method,
          ...(body === undefined
            ? {}
            : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        }),
      );
    },
    close: () => emu.close(),
  };
  return h;
}
