import type { Socket } from 'node:net';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { EmulatedSeller, EmulatorState } from '../emulator-state.js';
import type { SurfaceOptions } from '../surface-options.js';
import { renderConsentError, renderConsentPage } from './consent-page.js';
import { type ConsentError, type ConsentParams, checkConsent, isConsentError } from './consent-request.js';

/** The header that names a consent error, so scripts need not read the page. */
export const CONSENT_ERROR_HEADER = 'x-emulator-consent-error';

/**
 * Seller Central's website authorization (OAuth consent), registered under the prefix `/apps/authorize`:
 * `GET /consent?application_id=…&state=…&redirect_uri=…[&version=beta]` shows the app and an Approve /
 * Deny form; `POST /consent` (the form) redirects the browser to the redirect URI with
 * `spapi_oauth_code` or `error=access_denied`. Every answer of this surface is an HTML page.
 */
export const consentPlugin: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  app.setErrorHandler((error: { statusCode?: number }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    return html(
      reply,
      status,
      '<!doctype html><title>Error</title><h1>The request could not be handled.</h1>',
    );
  });
  app.setNotFoundHandler((_request, reply) =>
    html(reply, 404, '<!doctype html><title>Not found</title><h1>Looking for something?</h1>'),
  );

  app.get('/consent', async (request, reply) => {
    const params = consentParams(request.query);
    const result = checkConsent(params, state.credentials.applicationId, state.oauthApp);
    if (isConsentError(result)) return errorPage(reply, result);
    const sellers = sellersOfPort(state, request.raw.socket);
    return html(reply, 200, renderConsentPage(state.oauthApp.name, params, sellers));
  });

  app.post('/consent', async (request, reply) => {
    const form = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<
      string,
      unknown
    >;
    const params = consentParams(form);
    // The form is the browser's: check everything again, as the page could have been forged or gone stale.
    const result = checkConsent(params, state.credentials.applicationId, state.oauthApp);
    if (isConsentError(result)) return errorPage(reply, result);
    const target = new URL(result.redirectUri);
    if (first(form.decision) !== 'approve') {
      target.searchParams.set('error', 'access_denied');
      if (params.state !== undefined) target.searchParams.set('state', params.state);
      return redirect(reply, target);
    }
    // On a regional port, as on a region's Seller Central, only that region's sellers can sign in.
    const sellers = sellersOfPort(state, request.raw.socket);
    const sellerId = first(form.seller_id) ?? sellers[0]?.sellerId;
    const seller = sellers.find((s) => s.sellerId === sellerId);
    if (!seller)
      return errorPage(reply, { code: 'UnknownSeller', message: 'No selling account has this seller_id.' });
    const code = state.mintAuthorizationCode(seller.sellerId, result.redirectUri);
    if (params.state !== undefined) target.searchParams.set('state', params.state);
    target.searchParams.set('selling_partner_id', seller.sellerId);
    target.searchParams.set('spapi_oauth_code', code);
    return redirect(reply, target);
  });
};

function sellersOfPort(state: EmulatorState, socket: Socket): readonly EmulatedSeller[] {
  const region = state.regional.regionOf(socket);
  const all = state.credentials.sellers;
  return region === undefined ? all : all.filter((s) => s.region === region);
}

function consentParams(source: unknown): ConsentParams {
  const values = (typeof source === 'object' && source !== null ? source : {}) as Record<string, unknown>;
  return {
    applicationId: first(values.application_id),
    state: first(values.state),
    redirectUri: first(values.redirect_uri),
    version: first(values.version),
  };
}

/** A parameter's value; the first when repeated, undefined when absent or empty. */
function first(value: unknown): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(body);
}

// Amazon does not document the status of its consent error pages; 400 lets scripts and `curl -f` notice.
function errorPage(reply: FastifyReply, error: ConsentError): FastifyReply {
  return html(reply.header(CONSENT_ERROR_HEADER, error.code), 400, renderConsentError(error));
}

function redirect(reply: FastifyReply, target: URL): FastifyReply {
  return reply.code(302).header('location', target.toString()).header('cache-control', 'no-store').send();
}
