import { buildEmulator } from './build-emulator.js';
import type { EmulatorCredentials } from './credentials.js';
import type { EmulatorOptions } from './options.js';
import { listenRegional, type RegionalListeners } from './regions/listen-regional.js';

/** A listening emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, no trailing slash; serves LWA, SP-API and `/_emulator/*`. */
  url: string;
  close(): Promise<void>;
  credentials: EmulatorCredentials;
  /** With `regionalEndpoints`: each region's base URL (the ports after the main one, or free ones). */
  endpoints?: EmulatorCredentials['endpoints'];
}

/** Builds the emulator and listens (port 0 by default: a free port). */
export async function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  const app = buildEmulator(options);
  const { host, port } = app.emulator.options;
  try {
    await app.listen({ host, port });
  } catch (error) {
    await app.close();
    throw error;
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let regional: RegionalListeners | undefined;
  if (app.emulator.options.regionalEndpoints) {
    try {
      regional = await listenRegional(app, host, port);
    } catch (error) {
      await app.close();
      throw error;
    }
  }
  return {
    url: `http://${urlHost}:${actualPort}`,
    close: async () => {
      // The regional ports stop accepting at once; their open connections end when the main server closes.
      const regionalClosed = regional?.close();
      await app.close();
      await regionalClosed;
    },
    credentials: app.emulator.publicCredentials(`http://${urlHost}:${actualPort}`),
    ...(regional ? { endpoints: regional.urls } : {}),
  };
}
