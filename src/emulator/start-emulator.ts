import type { Timer } from '../time/clock.js';
import { buildEmulator, type EmulatorApp } from './build-emulator.js';
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
  const activity = startActivity(app);
  return {
    url: `http://${urlHost}:${actualPort}`,
    close: async () => {
      activity.cancel();
      // The regional ports stop accepting at once; their open connections end when the main server closes.
      const regionalClosed = regional?.close();
      await app.close();
      await regionalClosed;
    },
    credentials: app.emulator.publicCredentials(`http://${urlHost}:${actualPort}`),
    ...(regional ? { endpoints: regional.urls } : {}),
  };
}

/**
 * `--activity PER_MINUTE`: one order change every 60/PER_MINUTE seconds on the emulator's clock, alternately
 * a new order (for the sellers in turn) and a step of an existing one, stamped with the current time (so,
 * as on Amazon, it shows in searches two minutes later).
 */
function startActivity(app: EmulatorApp): Timer {
  const state = app.emulator;
  const perMinute = state.options.activity;
  let timer: Timer | undefined;
  let count = 0;
  const step = (): void => {
    const sellers = state.credentials.sellers;
    const create = count % 2 === 0;
    const seller = sellers[Math.floor(count / 2) % sellers.length]!;
    state.simulateActivity(create ? 1 : 0, create ? 0 : 1, state.now(), create ? [seller] : sellers);
    count += 1;
    timer = state.options.clock.setTimer(60_000 / perMinute, step);
  };
  if (perMinute > 0) timer = state.options.clock.setTimer(60_000 / perMinute, step);
  return { cancel: () => timer?.cancel() };
}
