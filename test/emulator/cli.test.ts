import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function csm(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'test/emulator/support/run-cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
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
    ] as const) {
      const { code, stdout, stderr } = await collect(csm(['emulator', ...args]));
      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toMatch(pattern);
    }
  });
});
