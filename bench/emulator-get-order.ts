/**
 * Benchmark: getOrder@2026-01-01 against the emulator with rate limits off.
 *
 *   npx tsx bench/emulator-get-order.ts [--clients 16] [--seconds 5] [--orders 500]
 *
 * The emulator runs in a child process (one Node.js thread, so one core for the server); this process
 * drives N concurrent keep-alive loopback clients for a bounded time and prints req/s and p50/p99 latency.
 * The goal is at least 3,000 req/s, so the emulator is never the bottleneck of a test. It then prints how
 * long generating 2 × 10,000 orders takes.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    server: { type: 'boolean', default: false },
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '5' },
    orders: { type: 'string', default: '500' },
  },
});

if (values.server) {
  const { startEmulator } = await import('../src/emulator/index.js');
  const emulator = await startEmulator({ rateLimits: false, orders: Number(values.orders) });
  process.stdout.write(`${emulator.url}\n`);
  process.on('SIGTERM', () => {
    void emulator.close().then(() => process.exit(0));
  });
} else {
  await runBenchmark();
}

async function runBenchmark(): Promise<void> {
  const clients = Number(values.clients);
  const seconds = Number(values.seconds);
  const server = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--server', '--orders', values.orders],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve) => {
    server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim()));
  });
  try {
    const creds = (await (await fetch(`${url}/_emulator/credentials`)).json()) as {
      clientId: string;
      clientSecret: string;
      sellers: { sellerId: string; refreshToken: string }[];
    };
    const seller = creds.sellers[0]!;
    const lwa = await fetch(`${url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: seller.refreshToken,
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
      }),
    });
    const token = ((await lwa.json()) as { access_token: string }).access_token;
    const orders = (
      (await (await fetch(`${url}/_emulator/orders?sellerId=${seller.sellerId}`)).json()) as {
        orders: { orderId: string }[];
      }
    ).orders.map((o) => o.orderId);
    const { hostname: host, port } = new URL(url);
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const headers = { 'x-amz-access-token': token, 'user-agent': 'csm-bench/1.0 (Language=TypeScript)' };
    const get = (path: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const req = request({ host, port, path, agent, headers }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });

    // Warm-up, so JIT and connections are in place before measuring.
    await Promise.all(
      Array.from({ length: clients }, (_, i) =>
        get(`/orders/2026-01-01/orders/${orders[i % orders.length]}`),
      ),
    );
    const latencies: number[] = [];
    let failures = 0;
    let n = 0;
    const start = performance.now();
    const deadline = start + seconds * 1000;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < deadline) {
          const orderId = orders[n++ % orders.length];
          const t0 = performance.now();
          const status = await get(
            `/orders/2026-01-01/orders/${orderId}?includedData=BUYER,RECIPIENT,FULFILLMENT`,
          );
          latencies.push(performance.now() - t0);
          if (status !== 200) failures++;
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (p: number): string =>
      (latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0).toFixed(2);
    agent.destroy();
    const { buildEmulator } = await import('../src/emulator/index.js');
    const buildStart = performance.now();
    buildEmulator({ orders: 10_000 });
    const buildMs = performance.now() - buildStart;
    process.stdout.write(
      `build: 2 sellers × 10,000 orders in ${buildMs.toFixed(0)} ms\n` +
        `getOrder@2026-01-01: ${latencies.length} requests in ${elapsed.toFixed(2)} s from ${clients} keep-alive clients: ` +
        `${Math.round(latencies.length / elapsed)} req/s, p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms, non-200 ${failures}\n`,
    );
  } finally {
    server.kill('SIGTERM');
  }
  // After the run, so the orders built here do not weigh on the clients measured above.
  await measureOrderGeneration(10_000);
}

/** How long building an emulator with `perSeller` orders for each of its two sellers takes. */
async function measureOrderGeneration(perSeller: number): Promise<void> {
  const { buildEmulator } = await import('../src/emulator/index.js');
  const start = performance.now();
  const app = buildEmulator({ orders: perSeller });
  const ms = performance.now() - start;
  await app.close();
  process.stdout.write(`order generation: 2 × ${perSeller} orders built in ${ms.toFixed(0)} ms\n`);
}
