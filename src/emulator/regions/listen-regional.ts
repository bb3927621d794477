import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { REGIONS, type Region } from '../../amazon/index.js';
import type { EmulatorApp } from '../build-emulator.js';

/** The regional ports of a listening emulator. */
export interface RegionalListeners {
  urls: Record<Region, string>;
  /**
   * Stops accepting on the regional ports at once; resolves when their connections are gone, which the
   * main server's close (forceCloseConnections) brings about.
   */
  close(): Promise<void>;
}

/**
 * Opens one extra port per region (na, eu, fe) on `host`: `basePort` + 1, + 2, + 3 when the main port is
 * fixed, free ports when it is 0. Each accepted connection is tagged with its region and handed to the
 * main HTTP server, so every port serves the same emulator, with the same state, limits and keep-alive,
 * and closing the main server closes them all.
 */
export async function listenRegional(
  app: EmulatorApp,
  host: string,
  basePort: number,
): Promise<RegionalListeners> {
  const servers: Server[] = [];
  const urls = {} as Record<Region, string>;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const close = async (): Promise<void> => {
    await Promise.all(
      servers.filter((s) => s.listening).map((s) => new Promise<void>((resolve) => s.close(() => resolve()))),
    );
  };
  try {
    for (const [index, region] of REGIONS.entries()) {
      const server = createServer((socket) => {
        app.emulator.regional.tag(socket, region);
        app.server.emit('connection', socket);
      });
      servers.push(server);
      server.listen({ host, port: basePort === 0 ? 0 : basePort + index + 1 });
      await once(server, 'listening');
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      urls[region] = `http://${urlHost}:${port}`;
    }
  } catch (error) {
    await close();
    throw error;
  }
  app.emulator.regional.setUrls(urls);
  return { urls, close };
}
