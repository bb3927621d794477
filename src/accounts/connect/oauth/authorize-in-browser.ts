import type { Region } from '../../../amazon/index.js';
import { type Clock, isLwaError, type Transport } from '../../../sp-api/index.js';
import type { AccountKind } from '../../account.js';
import { consentUrl, newOAuthState } from '../../consent-url.js';
import { whereToFind } from '../../where-to-find.js';
import { consentErrorHelp } from './consent-errors.js';
import { exchangeAuthorizationCode } from './exchange-code.js';
import { OAuthError } from './oauth-error.js';
import { isLoopbackRedirect, listenForRedirect } from './redirect-listener.js';

/** What the website authorization flow needs. */
export interface AuthorizeOptions {
  /** The app's id (`amzn1.sellerapps.app.…`): the consent URL names the app by it. */
  readonly applicationId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly kind: AccountKind;
  readonly region: Region;
  /** An app in Draft status: `version=beta` in the consent URL. */
  readonly draft: boolean;
  /** Where Amazon sends the seller back: a loopback `http://` URI csm listens on, or any other to paste. */
  readonly redirectUri: string;
  /** Another host of the consent page and LWA (the emulator). @default Seller/Vendor Central and Amazon's LWA */
  readonly endpoint?: string | undefined;
  readonly clock: Clock;
  /** How long to wait for the redirect. */
  readonly timeoutMs: number;
  /** Stops the wait (Ctrl-C). */
  readonly signal?: AbortSignal | undefined;
  /** Messages for the person (stderr). */
  readonly notify: (line: string) => void;
  /** For a redirect URI csm cannot listen on: asks for the address the browser landed on. */
  readonly askForRedirect?: ((message: string) => Promise<string>) | undefined;
  readonly transport?: Transport;
}

/** What the seller's authorization gave. */
export interface Authorization {
  readonly refreshToken: string;
  /** `selling_partner_id` of the redirect: the seller's (or vendor's) id. */
  readonly sellerId: string | undefined;
}

const DEFAULT_LWA = 'https://api.amazon.com/auth/o2/token';

/**
 * Amazon's website authorization flow: a consent URL for the region's Seller Central or Vendor Central
 * (or the emulator) with a random `state`, then the redirect back, caught by a loopback listener (or
 * pasted by the person when the redirect URI is not one csm can listen on, such as the https URI Amazon
 * requires), `state` checked, and `spapi_oauth_code` exchanged at LWA with the same `redirect_uri`.
 */
export async function authorizeInBrowser(options: AuthorizeOptions): Promise<Authorization> {
  let uri: URL;
  try {
    uri = new URL(options.redirectUri);
  } catch {
    throw new OAuthError(
      'OAUTH_REDIRECT_URI',
      `--redirect-uri '${options.redirectUri}' is not a URL: give the app's registered OAuth redirect URI`,
    );
  }
  if (uri.hash !== '') {
    throw new OAuthError(
      'OAUTH_REDIRECT_URI',
      '--redirect-uri has a fragment (#…), which Amazon refuses (MD5110): remove it',
    );
  }
  const state = newOAuthState();
  const listener = isLoopbackRedirect(uri) ? await listenForRedirect(uri) : undefined;
  try {
    const redirectUri = listener?.redirectUri ?? uri.href;
    const url = consentUrl({
      applicationId: options.applicationId,
      region: options.region,
      vendor: options.kind === 'vendor',
      draft: options.draft,
      redirectUri,
      state,
      ...(options.endpoint ? { baseUrl: options.endpoint } : {}),
    });
    const central = whereToFind(options.kind).central;
    options.notify(
      `csm connect: open this address in a browser signed in to ${central} as the account's owner, and approve the app:`,
    );
    options.notify(`  ${url.href}`);
    const query = listener
      ? await waitForListener(listener, state, options, redirectUri)
      : await askForPaste(options, state, redirectUri);
    return await finish(query, state, redirectUri, options);
  } finally {
    await listener?.close();
  }
}

async function waitForListener(
  listener: Awaited<ReturnType<typeof listenForRedirect>>,
  state: string,
  options: AuthorizeOptions,
  redirectUri: string,
): Promise<URLSearchParams> {
  const minutes = Math.round(options.timeoutMs / 6000) / 10;
  options.notify(
    `csm connect: waiting up to ${minutes} min for the browser to come back to ${redirectUri} after you approve ` +
      '(Ctrl-C stops). If the page shows an error code instead:\n' +
      consentErrorHelp(),
  );
  const controller = new AbortController();
  const timer = options.clock.setTimer(options.timeoutMs, () =>
    controller.abort(
      new OAuthError(
        'OAUTH_TIMEOUT',
        `no answer came back to ${redirectUri} within ${minutes} min. If the consent page showed an error code:\n` +
          `${consentErrorHelp()}\n  Otherwise run csm connect --oauth again and approve within the time (--oauth-timeout sets it)`,
      ),
    ),
  );
  const onStop = () =>
    controller.abort(
      new OAuthError(
        'OAUTH_STOPPED',
        `stopped while waiting for the answer at ${redirectUri}; nothing was stored. If the consent page showed an error code:\n${consentErrorHelp()}`,
      ),
    );
  options.signal?.addEventListener('abort', onStop, { once: true });
  if (options.signal?.aborted) onStop();
  try {
    return await listener.next(state, controller.signal, (why) =>
      options.notify(`csm connect: ignored a request to ${redirectUri}: ${why}`),
    );
  } finally {
    timer.cancel();
    options.signal?.removeEventListener('abort', onStop);
  }
}

async function askForPaste(
  options: AuthorizeOptions,
  state: string,
  redirectUri: string,
): Promise<URLSearchParams> {
  if (!options.askForRedirect) {
    throw new OAuthError(
      'OAUTH_REDIRECT_URI',
      `csm can listen only on a loopback http:// redirect URI, and ${redirectUri} is not one: run csm connect ` +
        'in a terminal, where it asks for the address the browser lands on, or use a loopback --redirect-uri',
    );
  }
  options.notify(
    `csm connect: after you approve, the browser goes to ${redirectUri} (the page may not load: that is fine). ` +
      'Copy the whole address from the address bar. If the page shows an error code instead:\n' +
      consentErrorHelp(),
  );
  for (;;) {
    const text = (await options.askForRedirect('Address the browser landed on')).trim();
    let landed: URL;
    try {
      landed = new URL(text);
    } catch {
      options.notify('csm connect: that is not an address; copy the whole address from the address bar');
      continue;
    }
    if (landed.searchParams.get('state') !== state) {
      options.notify(
        "csm connect: that address's state is not this run's: approve from the address above, then copy again",
      );
      continue;
    }
    return landed.searchParams;
  }
}

async function finish(
  query: URLSearchParams,
  state: string,
  redirectUri: string,
  options: AuthorizeOptions,
): Promise<Authorization> {
  if (query.get('state') !== state) {
    throw new OAuthError(
      'OAUTH_BAD_REDIRECT',
      "the answer does not carry this run's state: start csm connect --oauth again",
    );
  }
  const error = query.get('error');
  if (error) {
    throw new OAuthError(
      'OAUTH_DENIED',
      `the authorization was not given (${error.slice(0, 40)}): nothing was stored; run csm connect --oauth again and choose Confirm`,
    );
  }
  const code = query.get('spapi_oauth_code');
  if (!code) {
    throw new OAuthError(
      'OAUTH_BAD_REDIRECT',
      'the answer has no spapi_oauth_code: start csm connect --oauth again',
    );
  }
  try {
    const refreshToken = await exchangeAuthorizationCode({
      lwaEndpoint: options.endpoint ? `${options.endpoint}/auth/o2/token` : DEFAULT_LWA,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      code,
      redirectUri,
      ...(options.transport ? { transport: options.transport } : {}),
    });
    return { refreshToken, sellerId: query.get('selling_partner_id') ?? undefined };
  } catch (error) {
    if (!isLwaError(error)) throw error;
    throw new OAuthError(
      'OAUTH_EXCHANGE',
      `LWA refused to exchange the authorization code (${error.error}): ${error.diagnosis?.cause ?? error.message} ` +
        `Fix: ${error.diagnosis?.fix ?? 'run csm connect --oauth again'}`,
    );
  }
}
