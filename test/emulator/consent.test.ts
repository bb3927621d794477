import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildEmulator, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createFakeClock, type FakeClock } from '../support/fake-clock.js';

// Website authorization (Seller Central's consent page) over real HTTP, as a browser and an app's backend
// would go through it: the page, the Approve / Deny form, the redirect, and the code exchange at LWA.

const CALLBACK = 'http://127.0.0.1:45678/callback';

let emulator: RunningEmulator;
let clock: FakeClock;

beforeAll(async () => {
  clock = createFakeClock(Date.parse('2026-06-01T12:00:00Z'));
  emulator = await startEmulator({ clock, sellers: 3, orders: 0, seed: 11 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await control('PUT', '/_emulator/app/oauth', {
    draft: false,
    redirectUris: ['http://127.0.0.1:*/callback', 'http://localhost:*/callback'],
  });
});

const control = (method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${emulator.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

function consentUrl(params: Record<string, string>): string {
  return `${emulator.url}/apps/authorize/consent?${new URLSearchParams(params)}`;
}

/** What a browser would post: the form's hidden inputs and selected seller, plus the clicked button. */
function formOf(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields[m[1]!] = decodeEntities(m[2]!);
  }
  const selected = /<option value="([^"]+)" selected>/.exec(html);
  if (selected) fields.seller_id = selected[1]!;
  return fields;
}

const decodeEntities = (text: string): string =>
  text.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

async function submit(fields: Record<string, string>): Promise<Response> {
  return fetch(`${emulator.url}/apps/authorize/consent`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

async function exchange(code: string, redirectUri?: string): Promise<Response> {
  const { clientId, clientSecret } = emulator.credentials;
  return fetch(`${emulator.url}/auth/o2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      client_secret: clientSecret,
      ...(redirectUri === undefined ? {} : { redirect_uri: redirectUri }),
    }).toString(),
  });
}

/** Approves the consent for seller `sellerIndex` and returns the redirect's query. */
async function approve(redirectUri: string, sellerIndex = 0): Promise<URLSearchParams> {
  const page = await fetch(
    consentUrl({
      application_id: emulator.credentials.applicationId,
      state: 's1',
      redirect_uri: redirectUri,
    }),
  );
  expect(page.status).toBe(200);
  const fields = formOf(await page.text());
  const res = await submit({
    ...fields,
    seller_id: emulator.credentials.sellers[sellerIndex]!.sellerId,
    decision: 'approve',
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!).searchParams;
}

describe('consent page (website authorization)', () => {
  it('shows the app with an Approve / Deny form and every seller, the first selected', async () => {
    const { applicationId, sellers } = emulator.credentials;
    const res = await fetch(
      consentUrl({ application_id: applicationId, state: 'abc', redirect_uri: CALLBACK }),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('x-emulator-consent-error')).toBeNull();
    const html = await res.text();
    expect(html).toContain('csm emulator app');
    expect(html).toContain('<form method="post" action="/apps/authorize/consent">');
    expect(html).toContain('value="approve">Approve</button>');
    expect(html).toContain('value="deny">Deny</button>');
    expect(formOf(html)).toEqual({
      application_id: applicationId,
      state: 'abc',
      redirect_uri: CALLBACK,
      seller_id: sellers[0]!.sellerId,
    });
    for (const s of sellers) expect(html).toContain(`<option value="${s.sellerId}"`);
  });

  it('Approve: 302 to the redirect URI with state, selling_partner_id and a code that LWA exchanges once', async () => {
    const seller = emulator.credentials.sellers[1]!;
    const query = await approve(CALLBACK, 1);
    expect(query.get('state')).toBe('s1');
    expect(query.get('selling_partner_id')).toBe(seller.sellerId);
    const code = query.get('spapi_oauth_code')!;
    expect(code).toMatch(/^[A-Za-z]{20}$/);

    const res = await exchange(code, CALLBACK);
    expect(res.status).toBe(200);
    const tokens = (await res.json()) as { access_token: string; refresh_token: string };
    expect(tokens.refresh_token).toMatch(/^Atzr\|/);
    expect(tokens.refresh_token).not.toBe(seller.refreshToken);

    // The access token acts for the seller who approved: its marketplaces come back.
    const participations = await fetch(`${emulator.url}/sellers/v1/marketplaceParticipations`, {
      headers: { 'x-amz-access-token': tokens.access_token, 'user-agent': 'csm-tests/1.0' },
    });
    expect(participations.status).toBe(200);
    const ids = ((await participations.json()) as { payload: { marketplace: { id: string } }[] }).payload.map(
      (p) => p.marketplace.id,
    );
    expect(ids.sort()).toEqual([...seller.marketplaceIds].sort());

    // Single use.
    const again = await exchange(code, CALLBACK);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      error_description: 'The request has an invalid grant parameter : code',
      error: 'invalid_grant',
    });
  });

  it('the code needs the same redirect_uri and dies after five minutes', async () => {
    const other = await approve(CALLBACK);
    expect((await exchange(other.get('spapi_oauth_code')!, 'http://127.0.0.1:45679/callback')).status).toBe(
      400,
    );
    expect((await exchange(other.get('spapi_oauth_code')!)).status).toBe(400);

    const late = await approve(CALLBACK);
    clock.advance(300_000);
    const res = await exchange(late.get('spapi_oauth_code')!, CALLBACK);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');

    const inTime = await approve(CALLBACK);
    clock.advance(299_000);
    expect((await exchange(inTime.get('spapi_oauth_code')!, CALLBACK)).status).toBe(200);
  });

  it('Deny: 302 to the redirect URI with error=access_denied and the state, no code', async () => {
    const page = await fetch(
      consentUrl({
        application_id: emulator.credentials.applicationId,
        state: 'st-2',
        redirect_uri: CALLBACK,
      }),
    );
    const res = await submit({ ...formOf(await page.text()), decision: 'deny' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 'st-2' });
  });

  it.each([
    ['an unknown application_id', { application_id: 'amzn1.sellerapps.app.nope' }, 'UnknownApplication'],
    ['an unregistered redirect_uri', { redirect_uri: 'https://attacker.example/callback' }, 'MD5101'],
    ['another path on a registered host', { redirect_uri: 'http://127.0.0.1:45678/other' }, 'MD5101'],
    ['a redirect URI with a fragment', { redirect_uri: `${CALLBACK}#frag` }, 'MD5110'],
  ])('%s: an error page with the code in the page and the header', async (_name, override, code) => {
    const res = await fetch(
      consentUrl({
        application_id: emulator.credentials.applicationId,
        state: 'x',
        redirect_uri: CALLBACK,
        ...override,
      }),
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('x-emulator-consent-error')).toBe(code);
    const html = await res.text();
    expect(html).toContain(`Error code: <strong id="error-code">${code}</strong>`);
    expect(html).not.toContain('<form');
  });

  it('a Draft app: MD1000 without version=beta; with it the consent goes through and keeps version', async () => {
    await control('PUT', '/_emulator/app/oauth', { draft: true });
    const { applicationId } = emulator.credentials;
    const denied = await fetch(
      consentUrl({ application_id: applicationId, state: 'd', redirect_uri: CALLBACK }),
    );
    expect(denied.status).toBe(400);
    expect(denied.headers.get('x-emulator-consent-error')).toBe('MD1000');
    expect(await denied.text()).toContain('version=beta');

    const page = await fetch(
      consentUrl({ application_id: applicationId, state: 'd', redirect_uri: CALLBACK, version: 'beta' }),
    );
    expect(page.status).toBe(200);
    const fields = formOf(await page.text());
    expect(fields.version).toBe('beta');
    // The form is checked again: dropping version=beta on the way back is MD1000 too.
    const { version: _dropped, ...withoutVersion } = fields;
    const forged = await submit({ ...withoutVersion, decision: 'approve' });
    expect(forged.headers.get('x-emulator-consent-error')).toBe('MD1000');
    const res = await submit({ ...fields, decision: 'approve' });
    expect(res.status).toBe(302);
    expect(
      (await exchange(new URL(res.headers.get('location')!).searchParams.get('spapi_oauth_code')!, CALLBACK))
        .status,
    ).toBe(200);
  });

  it('without redirect_uri the first registered URI is used, and the exchange must repeat it', async () => {
    const registered = 'https://app.example.com/amazon/callback?tenant=7';
    const put = await control('PUT', '/_emulator/app/oauth', { redirectUris: [registered, CALLBACK] });
    expect(await put.json()).toEqual({
      applicationId: emulator.credentials.applicationId,
      name: 'csm emulator app',
      draft: false,
      redirectUris: [registered, CALLBACK],
    });
    const page = await fetch(consentUrl({ application_id: emulator.credentials.applicationId, state: 'n' }));
    expect(page.status).toBe(200);
    const res = await submit({ ...formOf(await page.text()), decision: 'approve' });
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('tenant')).toBe('7');
    expect(location.searchParams.get('state')).toBe('n');
    const code = location.searchParams.get('spapi_oauth_code')!;
    expect((await exchange(code, registered)).status).toBe(200);
    // A pattern cannot be the default: a consent that names no redirect_uri is MD5101 then.
    await control('PUT', '/_emulator/app/oauth', { redirectUris: ['http://127.0.0.1:*/callback'] });
    const none = await fetch(consentUrl({ application_id: emulator.credentials.applicationId }));
    expect(none.headers.get('x-emulator-consent-error')).toBe('MD5101');
  });

  it('escapes what it echoes: a state with markup stays text', async () => {
    const state = '"><script>alert(1)</script>';
    const res = await fetch(
      consentUrl({ application_id: emulator.credentials.applicationId, state, redirect_uri: CALLBACK }),
    );
    const html = await res.text();
    expect(html).not.toContain('<script>');
    expect(formOf(html).state).toBe(state);
  });

  it('the settings control refuses bad redirect URIs and unknown fields; options name the flag', async () => {
    const fragment = await control('PUT', '/_emulator/app/oauth', {
      redirectUris: ['https://a.example/cb#x'],
    });
    expect(fragment.status).toBe(400);
    expect(((await fragment.json()) as { error: string }).error).toMatch(/redirectUris.*fragment/);
    const notUrl = await control('PUT', '/_emulator/app/oauth', { redirectUris: ['callback'] });
    expect(notUrl.status).toBe(400);
    const typo = await control('PUT', '/_emulator/app/oauth', { drafts: true });
    expect(await typo.json()).toEqual({ error: "body has an unknown field 'drafts'" });
    expect(() => buildEmulator({ redirectUris: ['ftp://x.example/cb'] })).toThrow(/--redirect-uri/);
    expect(() => buildEmulator({ redirectUris: ['http://*.example.com/cb'] })).toThrow(/only the port/);
  });

  it('options set the Draft status and redirect URIs at start', async () => {
    const app = buildEmulator({ draftApp: true, redirectUris: ['https://a.example/cb'], orders: 0 });
    const res = await app.inject({ method: 'GET', url: '/_emulator/app/oauth' });
    expect(res.json()).toMatchObject({ draft: true, redirectUris: ['https://a.example/cb'] });
    await app.close();
  });
});
