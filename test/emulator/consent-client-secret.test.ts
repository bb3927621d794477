import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, harness, T0 } from './support/emulator-harness.js';

// The client secret's life on the emulator's clock: 180 days, 7 days' grace for the previous secret after
// a rotation, and the controls that expire or age it. LWA answers Amazon's invalid_client for all of it.

const DAY = 86_400_000;
const INVALID_CLIENT = { error_description: 'Client authentication failed', error: 'invalid_client' };

let h: Harness;
afterEach(async () => h?.app.close());

const grant = (secret: string) =>
  h.lwa({
    grant_type: 'refresh_token',
    refresh_token: h.creds.sellers[0]!.refreshToken,
    client_id: h.creds.clientId,
    client_secret: secret,
  });

describe('client secret', () => {
  it('rotate-secret: the new secret works at once, the previous one for 7 more days, then invalid_client', async () => {
    h = await harness({ orders: 0 });
    const old = h.creds.clientSecret;
    const rotated = (await h.control('POST', '/_emulator/app/rotate-secret')).json<{
      clientSecret: string;
    }>();
    expect(rotated.clientSecret).not.toBe(old);
    expect((await grant(rotated.clientSecret)).statusCode).toBe(200);
    expect((await grant(old)).statusCode).toBe(200);
    const view = (await h.control('GET', '/_emulator/app/secret')).json();
    expect(view).toEqual({
      clientSecret: rotated.clientSecret,
      createdAt: new Date(T0).toISOString(),
      expiresAt: new Date(T0 + 180 * DAY).toISOString(),
      expired: false,
      previousValidUntil: [new Date(T0 + 7 * DAY).toISOString()],
    });
    expect(JSON.stringify(view)).not.toContain(old);

    h.clock.advance(7 * DAY - 1000);
    expect((await grant(old)).statusCode).toBe(200);
    h.clock.advance(1000);
    const late = await grant(old);
    expect(late.statusCode).toBe(401);
    expect(late.json()).toEqual(INVALID_CLIENT);
    expect((await grant(rotated.clientSecret)).statusCode).toBe(200);
    expect((await h.control('GET', '/_emulator/app/secret')).json().previousValidUntil).toEqual([]);
  });

  it('a secret nobody rotates expires 180 days after it was created', async () => {
    h = await harness({ orders: 0 });
    h.clock.advance(180 * DAY - 1000);
    expect((await grant(h.creds.clientSecret)).statusCode).toBe(200);
    h.clock.advance(1000);
    const res = await grant(h.creds.clientSecret);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual(INVALID_CLIENT);
    expect((await h.control('GET', '/_emulator/app/secret')).json().expired).toBe(true);
    expect(h.app.emulator.secretExpired).toBe(true);
  });

  it('age-secret moves the creation date back, so the expiry comes sooner', async () => {
    h = await harness({ orders: 0 });
    const aged = await h.control('POST', '/_emulator/app/age-secret', { days: 160 });
    expect(aged.statusCode).toBe(200);
    expect(aged.json()).toMatchObject({
      createdAt: new Date(T0 - 160 * DAY).toISOString(),
      expiresAt: new Date(T0 + 20 * DAY).toISOString(),
      expired: false,
    });
    h.clock.advance(20 * DAY);
    expect((await grant(h.creds.clientSecret)).statusCode).toBe(401);
    const bad = await h.control('POST', '/_emulator/app/age-secret', { days: '5' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ error: 'body.days must be integer' });
  });

  it('expire-secret ends the current secret and a rotated-out one in its grace; a rotation then recovers', async () => {
    h = await harness({ orders: 0 });
    const old = h.creds.clientSecret;
    const { clientSecret } = (await h.control('POST', '/_emulator/app/rotate-secret')).json<{
      clientSecret: string;
    }>();
    expect((await h.control('POST', '/_emulator/app/expire-secret')).json()).toEqual({ secretExpired: true });
    expect((await grant(clientSecret)).json()).toEqual(INVALID_CLIENT);
    expect((await grant(old)).json()).toEqual(INVALID_CLIENT);
    const next = (await h.control('POST', '/_emulator/app/rotate-secret')).json<{ clientSecret: string }>();
    expect((await grant(next.clientSecret)).statusCode).toBe(200);
    // The expired one gets no grace from the rotation.
    expect((await grant(clientSecret)).statusCode).toBe(401);
  });
});
