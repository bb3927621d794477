import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, spawnCsm, waitForLine } from '../store/support/processes.js';
import { freshPgliteStore, type TestStore } from '../store/support/test-stores.js';

describe('csm serve --host --port', () => {
  let test: TestStore;

  beforeAll(async () => {
    test = await freshPgliteStore();
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it('serves the dashboard and API on the port it picked, warns of a non-loopback host, and stops on SIGTERM', async () => {
    const serve = spawnCsm(['serve', '--host', '0.0.0.0', '--port', '0'], { CSM_DATA_DIR: test.dataDir });
    const exit = finished(serve);
    const line = await waitForLine(serve, 'stderr', /^csm serve: dashboard at /);
    const port = /^csm serve: dashboard at http:\/\/0\.0\.0\.0:(\d+)\/$/.exec(line)?.[1];
    expect(port).toBeDefined();
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', store: 'ok' });

    serve.kill('SIGTERM');
    const stopped = await exit;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain(
      'csm serve: warning: listening on 0.0.0.0, reachable from other machines',
    );
    expect(stopped.stderr).toMatch(/csm serve: stopped\n$/);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it('refuses a port that is not a number with a usage error', async () => {
    const result = await finished(spawnCsm(['serve', '--port', 'http'], { CSM_DATA_DIR: test.dataDir }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--port expects a whole number from 0 to 65535, got 'http'");
  });
});
