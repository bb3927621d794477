import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function csm(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'test/emulator/support/run-cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** The real bin, as a user runs it (dist/ is built by the vitest global setup). */
function bin(args: string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['bin/csm.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  return child;
}

// A failed test must not leave an emulator behind (one held by a ten-minute latency, say).
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Resolves with the listening line (and the stderr so far) once the child prints it. */
function listening(child: ChildProcessWithoutNullStreams): Promise<{ url: string; stderr: () => string }> {
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += d;
      const match = /^csm-emulator listening on (\S+)\n/.exec(buffer);
      if (match) resolve({ url: match[1]!, stderr: () => stderr });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before listening: ${stderr}`)));
  });
}

async function collect(
  child: ChildProcessWithoutNullStreams,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

/** A GET without any user-agent (fetch always sends one). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (d) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('csm emulator (spawned process)', () => {
  it('prints exactly one listening line, serves LWA and SP-API, and exits 0 on SIGTERM', async () => {
    const child = csm(['emulator', '--port', '0', '--orders', '20', '--seed', '5']);
    const done = collect(child);
    const line = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (d) => {
        buffer += d;
        const nl = buffer.indexOf('\n');
        if (nl >= 0) resolve(buffer.slice(0, nl));
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before listening`)));
    });
    expect(line).toMatch(/^csm-emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.replace('csm-emulator listening on ', '');
    const creds = (await (await fetch(`${url}/_emulator/credentials`)).json()) as {
      clientId: string;
      clientSecret: string;
      sellers: { refreshToken: string }[];
    };
    const lwa = await fetch(`${url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: creds.sellers[0]!.refreshToken,
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
      }),
    });
    const { access_token } = (await lwa.json()) as { access_token: string };
    const res = await fetch(`${url}/sellers/v1/marketplaceParticipations`, {
      headers: { 'x-amz-access-token': access_token, 'user-agent': 'cli-test/1.0' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-amzn-ratelimit-limit')).toBe('0.016');
    const noAgent = await rawGet(`${url}/sellers/v1/account`, { 'x-amz-access-token': access_token });
    expect(noAgent.status).toBe(400);
    expect(noAgent.body).toMatch(/user-agent/);
    child.kill('SIGTERM');
    const { code, stdout } = await done;
    expect(code).toBe(0);
    expect(stdout).toBe(`${line}\n`);
  });

  it('SIGINT also closes cleanly', async () => {
    const child = csm(['emulator', '--orders', '5', '--mode', 'static']);
    const done = collect(child);
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
  });

  it('a bad flag value fails with a message naming the flag, non-zero exit, nothing on stdout', async () => {
    for (const [args, pattern] of [
      [['--port', 'abc'], /--port expects a number, got 'abc'/],
      [['--faults', '429=7'], /--faults: fault setting '429=7'/],
      [['--rate-scale', '0'], /--rate-scale/],
      [['--mode', 'live'], /--mode/],
      [['--sellers', '1.5'], /--sellers/],
      [
        ['--faults', 'latency=700000'],
        /--faults: fault setting 'latency=700000': latency must be at most 600000 ms/,
      ],
      [
        ['--faults', '429=0x1'],
        /--faults: fault setting '429=0x1': the probability must be a decimal number/,
      ],
    ] as const) {
      const { code, stdout, stderr } = await collect(csm(['emulator', ...args]));
      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toMatch(pattern);
    }
    // Seven process starts in a row: generous on a loaded machine.
  }, 240_000);

  it('SIGTERM ends the real bin at once while a ten-minute latency fault holds a request', async () => {
    const child = bin([
      'emulator',
      '--orders',
      '5',
      '--faults',
      'getMarketplaceParticipations:latency=600000',
    ]);
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const { url } = await listening(child);
    const creds = (await (await fetch(`${url}/_emulator/credentials`)).json()) as {
      clientId: string;
      clientSecret: string;
      sellers: { refreshToken: string }[];
    };
    const lwa = await fetch(`${url}/auth/o2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'refresh_token',
        refresh_token: creds.sellers[0]!.refreshToken,
        client_id: creds.clientId,
        client_secret: creds.clientSecret,
      }),
    });
    const { access_token } = (await lwa.json()) as { access_token: string };
    const slow = fetch(`${url}/sellers/v1/marketplaceParticipations`, {
      headers: { 'x-amz-access-token': access_token, 'user-agent': 'cli-test/1.0' },
    });
    const slowOutcome = slow.then(
      (res) => `answered ${res.status}`,
      () => 'connection closed',
    );
    // A request sent after the slow one and answered: the server has the slow one and is waiting on it.
    expect((await fetch(`${url}/_emulator/stats`)).status).toBe(200);
    child.kill('SIGTERM');
    // Without abortable sleeps the process would live ten more minutes and this test would time out.
    const [code] = await exited;
    expect(code).toBe(0);
    expect(await slowOutcome).toBe('connection closed');
  });

  it('--host 0.0.0.0 warns on stderr; --expose-controls says what it opens', async () => {
    for (const [extra, pattern] of [
      [[], /answer only loopback clients; --expose-controls opens them to all/],
      [['--expose-controls'], /--expose-controls lets any client read the client secret/],
    ] as const) {
      const child = bin(['emulator', '--orders', '5', '--host', '0.0.0.0', ...extra]);
      const exited = once(child, 'exit');
      const { url, stderr } = await listening(child);
      expect(url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
      expect(stderr()).toMatch(
        /csm-emulator: warning: listening on 0\.0\.0\.0, reachable from other machines/,
      );
      expect(stderr()).toMatch(pattern);
      child.kill('SIGTERM');
      await exited;
    }
    const local = bin(['emulator', '--orders', '5']);
    const exited = once(local, 'exit');
    const { stderr } = await listening(local);
    local.kill('SIGTERM');
    await exited;
    expect(stderr()).not.toMatch(/warning/);
  });
});
