import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock } from '../../src/time/clock.js';
import { attemptDelivery, fanOutEvents, recordEvent, verifySignature } from '../../src/webhooks/index.js';
import {
  type AuthWorld,
  authWorld,
  bearer,
  PASSWORDS,
  type Session,
  signIn,
} from '../http/support/auth-world.js';
import { testVault } from '../serve/support/accounts.js';
import { type Receiver, startReceiver } from './support/receiver.js';

describe('the webhooks API under /api/v1', () => {
  let world: AuthWorld;
  let app: FastifyInstance;
  let ada: Session;
  let bob: Session;
  let receiver: Receiver;
  const as = (session: Session) => ({ cookie: session.cookie, 'x-csrf-token': session.csrfToken });

  beforeAll(async () => {
    world = await authWorld();
    app = await world.build();
    ada = await signIn(app, 'ada', PASSWORDS.ada);
    bob = await signIn(app, 'bob', PASSWORDS.bob);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await app?.close();
    await receiver?.close();
    await world?.dispose();
  });

  it('an admin subscribes: 201 with the secret once; the list never shows it', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: as(ada),
      payload: { url: receiver.url, events: ['order.created', 'account.unhealthy'], account: 's1' },
    });
    expect(res.statusCode).toBe(201);
    const { webhook, secret } = res.json() as { webhook: { id: string }; secret: string };
    expect(webhook).toEqual({
      id: expect.any(String),
      url: receiver.url,
      events: ['order.created', 'account.unhealthy'],
      accountName: 's1',
      createdAt: expect.any(String),
    });
    expect(secret).toMatch(/^whsec_/);

    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/webhooks',
      headers: bearer(world.tokens.read),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ webhooks: [webhook] });
    expect(list.body).not.toContain(secret);

    // A delivery of s1's event is signed with that secret and shows in the subscription's delivery log.
    await world.store.db.transaction().execute((trx) =>
      recordEvent(trx, {
        type: 'order.created',
        accountId: world.accountIds[0]!,
        subject: 'O1',
        data: { orderId: 'O1' },
      }),
    );
    await fanOutEvents(world.store.db, new Date());
    const delivery = await world.store.db
      .selectFrom('webhook_deliveries')
      .select('id')
      .executeTakeFirstOrThrow();
    const vault = await testVault(world.store, world.masterKey);
    expect(await attemptDelivery({ db: world.store.db, vault, clock: realClock }, delivery.id)).toMatchObject(
      {
        outcome: 'delivered',
      },
    );
    const [got] = await receiver.waitFor(1);
    const h = got!.headers;
    expect(
      verifySignature(
        secret,
        h['csm-webhook-timestamp'] as string,
        got!.body,
        h['csm-webhook-signature'] as string,
      ),
    ).toBe(true);

    const log = await app.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${webhook.id}/deliveries`,
      headers: as(bob),
    });
    expect(log.statusCode).toBe(200);
    expect(log.json()).toMatchObject({
      deliveries: [
        {
          eventType: 'order.created',
          subject: 'O1',
          status: 'delivered',
          attempts: 1,
          log: [{ attempt: 1, outcome: 'delivered', statusCode: 200 }],
        },
      ],
    });
    const failedOnly = await app.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${webhook.id}/deliveries?failed=true`,
      headers: as(bob),
    });
    expect(failedOnly.json()).toEqual({ deliveries: [] });
    // Limited to s2, this token does not see s1's subscription.
    const hidden = await app.inject({
      method: 'GET',
      url: `/api/v1/webhooks/${webhook.id}/deliveries`,
      headers: bearer(world.tokens.writeS2),
    });
    expect(hidden.statusCode).toBe(404);
    const none = await app.inject({
      method: 'GET',
      url: '/api/v1/webhooks',
      headers: bearer(world.tokens.writeS2),
    });
    expect(none.json()).toEqual({ webhooks: [] });

    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/webhooks/${webhook.id}`,
      headers: as(ada),
    });
    expect(del.statusCode).toBe(204);
    const again = await app.inject({
      method: 'DELETE',
      url: `/api/v1/webhooks/${webhook.id}`,
      headers: as(ada),
    });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('writes are for admins only; without auth 401', async () => {
    const payload = { url: receiver.url, events: ['order.created'] };
    const byBob = await app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: as(bob), payload });
    expect(byBob.statusCode).toBe(403);
    expect(byBob.json()).toMatchObject({
      error: { code: 'FORBIDDEN', message: expect.stringContaining('only an admin') },
    });
    const byToken = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: bearer(world.tokens.write),
      payload,
    });
    expect(byToken.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/v1/webhooks' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
  });

  it('bad input is a 400 naming the field', async () => {
    const post = (payload: object) =>
      app.inject({ method: 'POST', url: '/api/v1/webhooks', headers: as(ada), payload });
    const cases: [object, string][] = [
      [{ url: 'ftp://x.example/', events: ['order.created'] }, 'url'],
      [{ url: receiver.url, events: ['order.deleted'] }, 'events[0]'],
      [{ url: receiver.url, events: [] }, 'events'],
      [{ url: receiver.url, events: ['order.created'], account: 'nope' }, 'account'],
      [{ events: ['order.created'] }, 'url'],
    ];
    for (const [payload, field] of cases) {
      const res = await post(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json(), JSON.stringify(payload)).toMatchObject({
        error: { code: 'VALIDATION_FAILED', field },
      });
    }
    const badId = await app.inject({
      method: 'GET',
      url: '/api/v1/webhooks/not-a-uuid/deliveries',
      headers: as(ada),
    });
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
