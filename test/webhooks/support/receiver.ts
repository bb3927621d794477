import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A loopback HTTP server that records every request and answers as `respond` says. */
export interface Receiver {
  readonly url: string;
  readonly received: Received[];
  /** Resolves once `n` requests have arrived. */
  waitFor(n: number): Promise<Received[]>;
  close(): Promise<void>;
}

export type Responder = (request: Received, index: number, res: ServerResponse) => void;

/** Answers 200 to everything. */
export const ok: Responder = (_req, _i, res) => res.writeHead(200).end('ok');

/** Starts a receiver on 127.0.0.1 and a free port. */
export async function startReceiver(respond: Responder = ok): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: { n: number; resolve: (r: Received[]) => void }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      received.push(request);
      respond(request, received.length - 1, res);
      for (const w of waiters.splice(0)) {
        if (received.length >= w.n) w.resolve([...received]);
        else waiters.push(w);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    waitFor: (n) =>
      received.length >= n
        ? Promise.resolve([...received])
        : new Promise((resolve) => waiters.push({ n, resolve })),
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
