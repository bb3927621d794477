import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { ServePart, ServePartFactory } from '../serve/serve.js';
import { realClock } from '../time/clock.js';
import { buildHttpApp } from './app.js';
import type { HttpDeps } from './http-deps.js';
import { HTTP_DEFAULTS } from './listen-address.js';

/** Options of `httpServePart`: where to listen, and the app's deps other than the store and the jobs. */
export interface HttpServeOptions extends Omit<HttpDeps, 'db' | 'requestSync'> {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 8080 */
  readonly port?: number;
  /** Requests in flight at a stop get this long to finish before their connections are cut. @default 10_000 */
  readonly closeTimeoutMs?: number;
  /** Called once the server listens, with its base URL (`http://127.0.0.1:8080/`). */
  readonly onListening?: (url: string, app: FastifyInstance) => void | Promise<void>;
}

/** The HTTP server as a running part of `csm serve`. */
export interface HttpServePart extends ServePart {
  readonly url: string;
  readonly app: FastifyInstance;
}

/**
 * The dashboard and REST API as a part of `csm serve`: builds the app on the serve's store and jobs, listens,
 * and at a stop refuses new requests (503, connection closed), lets those in flight finish (at most
 * `closeTimeoutMs`), then lets the jobs stop.
 */
export function httpServePart(options: HttpServeOptions = {}): ServePartFactory {
  return async (context): Promise<HttpServePart> => {
    const clock = options.clock ?? realClock;
    const app = await buildHttpApp({
      ...options,
      db: context.db,
      requestSync: context.requestSync,
    });
    const host = options.host ?? HTTP_DEFAULTS.host;
    try {
      await app.listen({ host, port: options.port ?? HTTP_DEFAULTS.port });
    } catch (error) {
      await app.close().catch(() => {});
      throw error;
    }
    const { port } = app.server.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;
    await options.onListening?.(url, app);
    return {
      name: 'http server',
      url,
      app,
      async stop() {
        const timeoutMs = options.closeTimeoutMs ?? HTTP_DEFAULTS.closeTimeoutMs;
        // Bounded: a client that never finishes its request does not hold the whole process.
        const timer = clock.setTimer(timeoutMs, () => app.server.closeAllConnections());
        try {
          await app.close();
        } finally {
          timer.cancel();
        }
      },
    };
  };
}
