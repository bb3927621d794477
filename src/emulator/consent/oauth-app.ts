/**
 * The app's OAuth settings as its developer sets them in Seller Central's Develop Apps console: its name,
 * whether it is still a Draft, and its registered OAuth redirect URIs.
 */
export interface OAuthAppSettings {
  /** Shown on the consent page. */
  name: string;
  /** A Draft app: the consent page answers MD1000 unless the URI carries `version=beta`. */
  draft: boolean;
  /**
   * Registered OAuth redirect URIs, compared exactly with the `redirect_uri` of a consent; `*` in place of
   * a port matches any port, so a loopback listener on a free port can be registered once. The first one is
   * used when a consent names none (unless it has a `*` port).
   */
  redirectUris: string[];
}

export const DEFAULT_APP_NAME = 'csm emulator app';

/** Any port of the loopback callback `/callback`, for `csm connect --oauth` and tests listening on port 0. */
export const DEFAULT_REDIRECT_URIS: readonly string[] = [
  'http://127.0.0.1:*/callback',
  'http://localhost:*/callback',
];

/** Why a registered redirect URI is refused, or undefined when it is fine. */
export function redirectUriProblem(uri: string): string | undefined {
  if (uri.includes('#')) return `'${uri}' has a fragment (#); Amazon refuses those (MD5110)`;
  let parsed: URL;
  try {
    parsed = new URL(uri.replace(/:\*(?=\/|$)/, ''));
  } catch {
    return `'${uri}' is not an absolute URL (e.g. https://example.com/callback or http://127.0.0.1:*/callback)`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return `'${uri}' is not an http or https URL`;
  }
  if (uri.replace(/:\*(?=\/|$)/, '').includes('*')) {
    return `'${uri}' has a '*' outside the port; only the port may be '*'`;
  }
  return undefined;
}

/** Whether `redirectUri` is one of the registered URIs (a `*` port matching any port). */
export function isRegisteredRedirectUri(registered: readonly string[], redirectUri: string): boolean {
  return registered.some((pattern) => {
    if (!pattern.includes(':*')) return pattern === redirectUri;
    const [before, after] = pattern.split(':*', 2) as [string, string];
    if (!redirectUri.startsWith(`${before}:`) || !redirectUri.endsWith(after)) return false;
    const port = redirectUri.slice(before.length + 1, redirectUri.length - after.length);
    return /^\d{1,5}$/.test(port) && Number(port) <= 65535;
  });
}
