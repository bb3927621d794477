import { type EmulatorOptions, type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';
import { createSpApiClient, type Logger, type SpApiClient } from '../../../src/index.js';
import { clientOptionsFor } from '../../support/emulator-client.js';
import { createFakeClock, type FakeClock } from '../../support/fake-clock.js';

export const T0 = Date.parse('2026-06-01T12:00:00Z');

/** A listing row of `GET /_emulator/listings`. */
export interface TruthListing {
  sku: string;
  marketplaceId: string;
  fulfillmentChannelCode: string;
  quantity: number | null;
  price: { amount: string; currencyCode: string } | null;
}

/**
 * An emulator on a fake clock and a client (on the real clock) for its first seller, with a logger that keeps
 * every line. The feed and report helpers wait on the emulator's fake clock, so processing that takes
 * minutes on Amazon's timeline is over at once; the client's own timers (attempt timeouts, pacing) stay real,
 * because its requests travel over real HTTP.
 */
export interface DocumentWorld {
  clock: FakeClock;
  emulator: RunningEmulator;
  client: SpApiClient;
  /** Every log line of the client and the helpers, as JSON text. */
  lines: string[];
  logger: Logger;
  sellerId: string;
  marketplaceId: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read control answers field by field.
  control(method: string, path: string, body?: unknown): Promise<any>;
  listings(sku?: string): Promise<TruthListing[]>;
  close(): Promise<void>;
}

export async function documentWorld(options: Partial<EmulatorOptions> = {}): Promise<DocumentWorld> {
  const clock = createFakeClock(T0);
  // A scaled rate: createFeed's 0.0083/s would refill only as the fake clock moves.
  const emulator = await startEmulator({
    clock,
    orders: 120,
    sellers: 1,
    port: 0,
    rateScale: 50,
    ...options,
  });
  const lines: string[] = [];
  const keep =
    (level: string) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      lines.push(JSON.stringify({ level, ...obj, msg }));
    };
  const logger: Logger = {
    debug: keep('debug'),
    info: keep('info'),
    warn: keep('warn'),
    error: keep('error'),
  };
  const client = createSpApiClient({ ...clientOptionsFor(emulator), logger });
  const seller = emulator.credentials.sellers[0];
  if (!seller) throw new Error('the emulator has no seller');
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  };
  const marketplaceId = seller.marketplaceIds[0] ?? '';
  return {
    clock,
    emulator,
    client,
    lines,
    logger,
    sellerId: seller.sellerId,
    marketplaceId,
    control,
    async listings(sku) {
      const query = sku === undefined ? '' : `&sku=${encodeURIComponent(sku)}`;
      const { listings } = await control('GET', `/_emulator/listings?sellerId=${seller.sellerId}${query}`);
      return (listings as TruthListing[]).filter((l) => l.marketplaceId === marketplaceId);
    },
    close: () => emulator.close(),
  };
}
