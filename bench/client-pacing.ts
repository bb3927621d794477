/**
 * Client pacing benchmark: fetches N orders one by one with getOrder@2026-01-01 through the client against the
 * emulator (rate limits on), then prints how close the run came to the minimum time the token bucket allows
 * and how many 429s the emulator sent.
 *
 *   npx tsx bench/client-pacing.ts [--orders 300] [--rate-scale 20] [--concurrency 8]
 *
 * Theoretical minimum for n calls of one operation with rate r (scaled) and burst b, starting full:
 * max(0, n - b) / r seconds. Goal: elapsed / minimum <= 1.10 and 0 throttled calls.
 */
import { parseArgs } from 'node:util';
import { OPERATIONS } from '../src/amazon/generated/operations.js';
import { startEmulator } from '../src/emulator/index.js';
import { createSpApiClient } from '../src/index.js';
import { clientOptionsFor } from '../test/support/emulator-client.js';

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '300' },
    'rate-scale': { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '8' },
  },
});
const orders = Number(values.orders);
const rateScale = Number(values['rate-scale']);
const concurrency = Number(values.concurrency);

const spec = OPERATIONS['getOrder@2026-01-01'];
const rate = spec.rate * rateScale;
const minimumSeconds = Math.max(0, orders - spec.burst) / rate;

const emulator = await startEmulator({ sellers: 1, orders, rateScale, seed: 11 });
try {
  const seller = emulator.credentials.sellers[0]!;
  const truth = (await (
    await fetch(`${emulator.url}/_emulator/orders?sellerId=${seller.sellerId}`)
  ).json()) as {
    orders: { orderId: string }[];
  };
  const client = createSpApiClient(clientOptionsFor(emulator));
  // Warm the LWA token so the measured run is only getOrder calls.
  await client.call('getMarketplaceParticipations');
  await fetch(`${emulator.url}/_emulator/stats`, { method: 'DELETE' });

  const queue = truth.orders.map((o) => o.orderId);
  let fetched = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        await client.call('getOrder@2026-01-01', { path: { orderId: id } });
        fetched += 1;
      }
    }),
  );
  const elapsedSeconds = (performance.now() - started) / 1000;
  const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
    operations: Record<string, { requests: number; throttled: number }>;
  };
  const op = stats.operations['getOrder@2026-01-01'];
  const figures = {
    operation: 'getOrder@2026-01-01',
    orders: fetched,
    rate,
    burst: spec.burst,
    concurrency,
    elapsedSeconds: Number(elapsedSeconds.toFixed(2)),
    minimumSeconds: Number(minimumSeconds.toFixed(2)),
    ratio: Number((elapsedSeconds / minimumSeconds).toFixed(3)),
    requests: op?.requests ?? 0,
    throttled429: op?.throttled ?? 0,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.stderr.write(
    `client pacing: ${fetched} orders in ${figures.elapsedSeconds} s; minimum ${figures.minimumSeconds} s; ` +
      `ratio ${figures.ratio} (goal <= 1.10); 429s ${figures.throttled429} (goal 0)\n`,
  );
} finally {
  await emulator.close();
}
