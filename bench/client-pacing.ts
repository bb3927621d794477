/**
 * Client pacing benchmark, against the emulator with rate limits on. Two kinds of case, each printing one
 * JSON line on stdout (and a sentence on stderr) with the elapsed time divided by the minimum Amazon's
 * buckets allow, and the 429s the emulator counted:
 *
 * - `warm`: N orders fetched one by one with getOrder@2026-01-01 from several concurrent callers, at a scaled
 *   rate, the LWA token fetched beforehand. Goal: ratio <= 1.10, 0 429s.
 * - `cold-concurrent`, `cold-sequential`: 45 getOrderItems calls at Amazon's real rate (0.5/s, burst 30),
 *   from a client that has fetched no token yet, with a slow LWA, a slow Restricted Data Token round trip
 *   and jittery answers (`lwa:latency=300;createRestrictedDataToken:latency=300;getOrderItems:latency=20-100`),
 *   started all at once and, separately, one after another. Goal: ratio <= 1.05, 0 429s.
 *
 *   npx tsx bench/client-pacing.ts [--case all|warm|cold] [--orders 300] [--rate-scale 20] [--concurrency 8]
 *
 * Minimum for n calls of one operation with rate r and burst b, starting full: max(0, n - b) / r seconds.
 */
import { parseArgs } from 'node:util';
import { findOperation } from '../src/amazon/index.js';
import { type RunningEmulator, startEmulator } from '../src/emulator/index.js';
import { createSpApiClient, type SpApiClientOptions } from '../src/index.js';

const { values } = parseArgs({
  options: {
    case: { type: 'string', default: 'all' },
    orders: { type: 'string', default: '300' },
    'rate-scale': { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '8' },
  },
});

interface Figures {
  case: string;
  operation: string;
  calls: number;
  rate: number;
  burst: number;
  elapsedSeconds: number;
  minimumSeconds: number;
  ratio: number;
  goal: number;
  requests: number;
  throttled429: number;
}

/** Client options for the first seller of an emulator: LWA and SP-API both point at it. */
function clientOptions(emulator: RunningEmulator): SpApiClientOptions {
  const seller = emulator.credentials.sellers[0]!;
  return {
    endpoint: emulator.url,
    lwaEndpoint: `${emulator.url}/auth/o2/token`,
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    refreshToken: seller.refreshToken,
    sellerId: seller.sellerId,
  };
}

async function orderIds(emulator: RunningEmulator): Promise<string[]> {
  const seller = emulator.credentials.sellers[0]!;
  const truth = (await (
    await fetch(`${emulator.url}/_emulator/orders?sellerId=${seller.sellerId}`)
  ).json()) as {
    orders: { orderId: string }[];
  };
  return truth.orders.map((o) => o.orderId);
}

async function throttled(emulator: RunningEmulator): Promise<{ requests: number; throttled: number }> {
  const stats = (await (await fetch(`${emulator.url}/_emulator/stats`)).json()) as {
    operations: Record<string, { requests: number; throttled: number }>;
  };
  const all = Object.values(stats.operations);
  return {
    requests: all.reduce((sum, op) => sum + op.requests, 0),
    throttled: all.reduce((sum, op) => sum + op.throttled, 0),
  };
}

function report(figures: Figures): void {
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  process.stderr.write(
    `client pacing (${figures.case}): ${figures.calls} ${figures.operation} in ${figures.elapsedSeconds} s; ` +
      `minimum ${figures.minimumSeconds} s; ratio ${figures.ratio} (goal <= ${figures.goal}); ` +
      `429s ${figures.throttled429} (goal 0)\n`,
  );
}

function figuresOf(
  input: Omit<Figures, 'ratio' | 'elapsedSeconds' | 'minimumSeconds'> & { elapsedMs: number },
): Figures {
  const { elapsedMs, ...rest } = input;
  const minimumSeconds = Math.max(0, input.calls - input.burst) / input.rate;
  const elapsedSeconds = elapsedMs / 1000;
  return {
    ...rest,
    elapsedSeconds: Number(elapsedSeconds.toFixed(2)),
    minimumSeconds: Number(minimumSeconds.toFixed(2)),
    ratio: Number((elapsedSeconds / minimumSeconds).toFixed(3)),
  };
}

/** N orders, scaled rate, token warmed first, several concurrent callers. */
async function warm(): Promise<void> {
  const orders = Number(values.orders);
  const rateScale = Number(values['rate-scale']);
  const concurrency = Number(values.concurrency);
  const spec = findOperation('getOrder@2026-01-01')!;
  const emulator = await startEmulator({ sellers: 1, orders, rateScale, seed: 11 });
  try {
    const queue = await orderIds(emulator);
    const client = createSpApiClient({ ...clientOptions(emulator), rateLimit: { rateScale } });
    // Warm the LWA token so the measured run is only getOrder calls.
    await client.call('getMarketplaceParticipations');
    await fetch(`${emulator.url}/_emulator/stats`, { method: 'DELETE' });
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          await client.call('getOrder@2026-01-01', { path: { orderId: id } });
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const counted = await throttled(emulator);
    report(
      figuresOf({
        case: 'warm',
        operation: spec.key,
        calls: orders,
        rate: spec.rate * rateScale,
        burst: spec.burst,
        elapsedMs,
        goal: 1.1,
        requests: counted.requests,
        throttled429: counted.throttled,
      }),
    );
  } finally {
    await emulator.close();
  }
}

const COLD_FAULTS = 'lwa:latency=300;createRestrictedDataToken:latency=300;getOrderItems:latency=20-100';
const COLD_CALLS = 45;

/** 45 getOrderItems at Amazon's rate from a client with no token yet: all at once, or one by one. */
async function cold(mode: 'concurrent' | 'sequential'): Promise<void> {
  const spec = findOperation('getOrderItems')!;
  const emulator = await startEmulator({
    sellers: 1,
    orders: COLD_CALLS,
    rateScale: 1,
    seed: 12,
    faults: COLD_FAULTS,
  });
  try {
    const ids = (await orderIds(emulator)).slice(0, COLD_CALLS);
    // Default client options: nothing tuned for the benchmark.
    const client = createSpApiClient(clientOptions(emulator));
    const call = (orderId: string) => client.call('getOrderItems', { path: { orderId } });
    const started = performance.now();
    if (mode === 'concurrent') await Promise.all(ids.map(call));
    else for (const id of ids) await call(id);
    const elapsedMs = performance.now() - started;
    const counted = await throttled(emulator);
    report(
      figuresOf({
        case: `cold-${mode}`,
        operation: spec.key,
        calls: ids.length,
        rate: spec.rate,
        burst: spec.burst,
        elapsedMs,
        goal: 1.05,
        requests: counted.requests,
        throttled429: counted.throttled,
      }),
    );
  } finally {
    await emulator.close();
  }
}

const which = values.case;
if (!['all', 'warm', 'cold'].includes(which)) {
  process.stderr.write(`client pacing: --case ${which} is unknown: use all, warm or cold\n`);
  process.exit(2);
}
if (which === 'all' || which === 'warm') await warm();
if (which === 'all' || which === 'cold') {
  await cold('concurrent');
  await cold('sequential');
}
