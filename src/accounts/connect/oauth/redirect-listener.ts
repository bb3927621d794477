import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthError } from './oauth-error.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Whether csm can listen on this redirect URI itself: `http://` on a loopback host. */
export function isLoopbackRedirect(uri: URL): boolean {
  return uri.protocol === 'http:' && LOOPBACK_HOSTS.has(uri.hostname);
}

/** A loopback HTTP server waiting for Amazon's redirect back to csm. */
export interface RedirectListener {
  /** The redirect URI with the port actually bound (port 0 in the given URI picks a free one). */
  readonly redirectUri: string;
  /**
   * Resolves with the query of the first request to the redirect path whose `state` is `state`; requests
   * with another `state` are answered 400 and reported through `onIgnored`, and the wait goes on.
   */
  next(state: string, signal: AbortSignal, onIgnored: (why: string) => void): Promise<URLSearchParams>;
  close(): Promise<void>;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body><h1>${title}</h1><p>${text}</p></body></html>`;

/** Listens on the redirect URI's loopback host and port. */
export async function listenForRedirect(uri: URL): Promise<RedirectListener> {
  const host = uri.hostname === '[::1]' ? '::1' : uri.hostname;
  let waiting:
    | { state: string; resolve: (q: URLSearchParams) => void; onIgnored: (why: string) => void }
    | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    if (req.method !== 'GET' || url.pathname !== uri.pathname) {
      res
        .writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
        .end(PAGE('Not found', 'csm waits on another path.'));
      return;
    }
    const state = url.searchParams.get('state');
    if (!waiting || state !== waiting.state) {
      waiting?.onIgnored(state ? 'its state is not the one this run sent' : 'it has no state');
      res
        .writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
        .end(
          PAGE(
            'Not this authorization',
            'This answer does not belong to the csm connect that is waiting: start it again.',
          ),
        );
      return;
    }
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(PAGE('csm received the answer', 'You can close this tab and return to the terminal.'));
    const done = waiting;
    waiting = undefined;
    done.resolve(url.searchParams);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new OAuthError(
          'OAUTH_REDIRECT_URI',
          `cannot listen on ${uri.origin} for the redirect (${error.code ?? error.message}): pick a free port in ` +
            '--redirect-uri (and register that URI for the app), or stop what uses it',
        ),
      ),
    );
    server.listen(Number(uri.port || 80), host, () => resolve());
  });
  const bound = new URL(uri.href);
  bound.port = String((server.address() as AddressInfo).port);
  return {
    redirectUri: bound.href,
    next(state, signal, onIgnored) {
      return new Promise<URLSearchParams>((resolve, reject) => {
        const onAbort = () => {
          waiting = undefined;
          reject(signal.reason);
        };
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        waiting = {
          state,
          onIgnored,
          resolve: (query) => {
            signal.removeEventListener('abort', onAbort);
            resolve(query);
          },
        };
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
