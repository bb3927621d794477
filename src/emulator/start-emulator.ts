import { buildEmulator } from './build-emulator.js';
import type { EmulatorCredentials } from './credentials.js';
import type { EmulatorOptions } from './options.js';

/** A listening emulator. */
export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, no trailing slash; serves LWA, SP-API and `/_emulator/*`. */
  url: string;
  close(): Promise<void>;
  credentials: EmulatorCredentials;
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
  return {
    url: `http://${urlHost}:${actualPort}`,
    close: async () => {
      await app.close();
    },
    credentials: app.emulator.publicCredentials(),
  };
}
