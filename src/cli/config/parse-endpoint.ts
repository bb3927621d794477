import { CliError } from '../cli-error.js';

/**
 * The endpoint as it may appear in a message: everything between `//` (or the start) and the last `@`,
 * where a user name and password would be, is masked, whether or not the text parses as a URL.
 */
export function maskUserinfo(text: string): string {
  const at = text.lastIndexOf('@');
  if (at < 0) return text;
  const slashes = text.indexOf('//');
  const from = slashes >= 0 && slashes < at ? slashes + 2 : 0;
  return `${text.slice(0, from)}***${text.slice(at)}`;
}

/**
 * Checks an endpoint (`--endpoint`, `CSM_ENDPOINT`, a stored account's) and returns it as a base URL
 * without a trailing slash (`http://127.0.0.1:8080`). Only scheme, host and port are allowed: a user
 * name and password would be sent to that host and printed in errors, and a path, query or fragment
 * would be glued in front of every SP-API path. `source` names the flag or variable in the message.
 */
export function parseEndpoint(text: string, source: string): string {
  const shown = maskUserinfo(text);
  const example = 'a base URL such as http://127.0.0.1:8080';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`${source} '${shown}' is not a URL: pass ${example}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CliError(`${source} '${shown}' is not an http(s) URL: pass ${example}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new CliError(
      `${source} '${maskUserinfo(url.href)}' has a user name or password in it: remove them; ` +
        'csm authenticates with the LWA credentials (CSM_LWA_*) and never sends credentials in a URL',
    );
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new CliError(
      `${source} '${shown}' has a path, query or fragment: pass only scheme, host and port, ${example} ` +
        '(LWA is called at /auth/o2/token and SP-API at its own paths below it)',
    );
  }
  return url.origin;
}
