import { describe, expect, it } from 'vitest';
import { exposureWarning } from '../../src/emulator/index.js';
import { realClock } from '../../src/time/clock.js';
import { harness } from './support/emulator-harness.js';

describe('listening beyond loopback', () => {
  it('warns for any host but loopback, and says what --expose-controls opens', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(exposureWarning(host, false), host).toBeUndefined();
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'emulator.internal']) {
      const warning = exposureWarning(host, false);
      expect(warning).toContain(`listening on ${host}, reachable from other machines`);
      expect(warning).toContain('answer only loopback clients; --expose-controls opens them to all');
    }
    expect(exposureWarning('0.0.0.0', true)).toContain(
      '--expose-controls lets any client read the client secret and refresh tokens',
    );
  });

  it('the controls answer 403 to a non-loopback client unless exposeControls; LWA and SP-API answer all', async () => {
    const h = await harness({ orders: 5 });
    const from = (remoteAddress: string, url: string) => h.app.inject({ method: 'GET', url, remoteAddress });
    for (const address of ['10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '2001:db8::1']) {
      for (const url of ['/_emulator/credentials', '/_emulator/no-such-control']) {
        const res = await from(address, url);
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({
          error:
            'the /_emulator control endpoints answer only loopback clients; start the emulator with --expose-controls to allow others',
        });
        expect(res.body).not.toContain(h.creds.clientSecret);
      }
    }
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      expect((await from(address, '/_emulator/credentials')).statusCode).toBe(200);
    }
    const token = await h.token();
    const sp = await h.app.inject({
      method: 'GET',
      url: '/sellers/v1/account',
      remoteAddress: '10.0.0.5',
      headers: { 'x-amz-access-token': token, 'user-agent': 'csm-tests/1.0' },
    });
    expect(sp.statusCode).toBe(200);
    await h.app.close();

    const open = await harness({ orders: 5, exposeControls: true });
    const res = await open.app.inject({
      method: 'GET',
      url: '/_emulator/credentials',
      remoteAddress: '10.0.0.5',
    });
    expect(res.statusCode).toBe(200);
    await open.app.close();
  });

  it('a pending delay ends, false, when the emulator closes', async () => {
    // The wall clock, so only closing can end a ten-minute wait.
    const h = await harness({ orders: 5, clock: realClock });
    const pending = h.app.emulator.delay(600_000);
    await h.app.close();
    await expect(pending).resolves.toBe(false);
    await expect(h.app.emulator.delay(5)).resolves.toBe(false);
  });
});
