import { type Clock, realClock } from '../time/clock.js';
import { DEFAULT_REDIRECT_URIS, redirectUriProblem } from './consent/oauth-app.js';
import { FaultSpecError, parseFaultSpec } from './faults.js';

/** How the emulator runs; `resolveEmulatorOptions` fills every default. */
export interface EmulatorOptions {
  /** The interface to listen on; another than loopback makes the emulator reachable from the network. @default '127.0.0.1' */
  host: string;
  /** 0 picks a free port. @default 0 */
  port: number;
  /** Seeds every secret, order and fault dice. @default 1 */
  seed: number;
  /** @default 2 */
  sellers: number;
  /** Orders generated per seller. @default 500 */
  orders: number;
  /** Days of order history, ending 10 minutes before start. @default 30 */
  days: number;
  /** Multiplies every operation's rate. @default 1 */
  rateScale: number;
  /** @default true */
  rateLimits: boolean;
  /** @default 'dynamic' */
  mode: 'dynamic' | 'static';
  /** Fault SPEC (docs/emulator.md). @default '' */
  faults: string;
  /**
   * Simulated buyers and Amazon: this many order changes per minute, spread evenly, alternately a new order
   * and a step of an existing one (as `POST /_emulator/activity`), over the sellers in turn. 0 turns it off.
   * @default 0
   */
  activity: number;
  /** The app is a Draft: the consent page answers MD1000 without `version=beta`. @default false */
  draftApp: boolean;
  /**
   * The app's registered OAuth redirect URIs; `*` as the port matches any port.
   * @default ['http://127.0.0.1:*\/callback', 'http://localhost:*\/callback']
   */
  redirectUris: string[];
  /**
   * Also listen on one loopback port per region (na, eu, fe), where a seller of another region gets 403
   * `Unauthorized`; the main port stays region-agnostic. @default false
   */
  regionalEndpoints: boolean;
  /**
   * Lets clients other than loopback use the `/_emulator` controls (which hand out the client secret and
   * refresh tokens). Off, they answer 403 to anyone but 127.0.0.1 and ::1. @default false
   */
  exposeControls: boolean;
  /**
   * Every time rule (token expiry, rate-limit refill, the two-minute rule, pagination-token expiry) reads
   * `clock.now()`, and latency faults wait with `clock.sleep`, so tests move time instead of waiting.
   * @default realClock
   */
  clock: Clock;
}

export const DEFAULT_EMULATOR_OPTIONS: Readonly<EmulatorOptions> = {
  host: '127.0.0.1',
  port: 0,
  seed: 1,
  sellers: 2,
  orders: 500,
  days: 30,
  rateScale: 1,
  rateLimits: true,
  mode: 'dynamic',
  faults: '',
  draftApp: false,
  regionalEndpoints: false,
  redirectUris: [...DEFAULT_REDIRECT_URIS],
  exposeControls: false,
  activity: 0,
  clock: realClock,
};

/** A bad option value; `option` is the CLI flag that carries it. */
export class EmulatorOptionError extends Error {
  override name = 'EmulatorOptionError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** Fills defaults and checks every value once, so the rest of the emulator can trust its options. */
export function resolveEmulatorOptions(partial: Partial<EmulatorOptions> = {}): EmulatorOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const o: EmulatorOptions = { ...DEFAULT_EMULATOR_OPTIONS, ...defined };
  const int = (flag: string, value: number, min: number, max: number, hint: string): void => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new EmulatorOptionError(
        flag,
        `got '${value}', expected an integer from ${min} to ${max} (${hint})`,
      );
    }
  };
  if (typeof o.host !== 'string' || o.host.trim() === '') {
    throw new EmulatorOptionError('--host', 'expected a host name or IP address, e.g. 127.0.0.1');
  }
  int('--port', o.port, 0, 65535, 'use 0 to pick a free port');
  int('--seed', o.seed, 0, 2 ** 31 - 1, 'e.g. --seed 42');
  int('--sellers', o.sellers, 1, 1000, 'e.g. --sellers 3');
  int('--orders', o.orders, 0, 200_000, 'orders per seller, e.g. --orders 500');
  if (!Number.isFinite(o.days) || o.days <= 0 || o.days > 730) {
    throw new EmulatorOptionError(
      '--days',
      `got '${o.days}', expected a number of days above 0 and at most 730`,
    );
  }
  if (!Number.isFinite(o.rateScale) || o.rateScale <= 0) {
    throw new EmulatorOptionError(
      '--rate-scale',
      `got '${o.rateScale}', expected a positive number (e.g. 10 for ten times Amazon's rates)`,
    );
  }
  if (!Number.isFinite(o.activity) || o.activity < 0 || o.activity > 6000) {
    throw new EmulatorOptionError(
      '--activity',
      `got '${o.activity}', expected order changes per minute from 0 to 6000 (e.g. --activity 6)`,
    );
  }
  if (o.mode !== 'dynamic' && o.mode !== 'static') {
    throw new EmulatorOptionError('--mode', `got '${String(o.mode)}', expected 'dynamic' or 'static'`);
  }
  if (typeof o.draftApp !== 'boolean') {
    throw new EmulatorOptionError('--draft-app', `got '${String(o.draftApp)}', expected true or false`);
  }
  if (typeof o.regionalEndpoints !== 'boolean') {
    throw new EmulatorOptionError(
      '--regional-endpoints',
      `got '${String(o.regionalEndpoints)}', expected true or false`,
    );
  }
  if (o.regionalEndpoints && o.port > 65535 - 3) {
    throw new EmulatorOptionError(
      '--port',
      `got '${o.port}'; with --regional-endpoints the regions take the next three ports, so use at most ${65535 - 3}`,
    );
  }
  if (!Array.isArray(o.redirectUris)) {
    throw new EmulatorOptionError('--redirect-uri', 'expected a list of URLs');
  }
  for (const uri of o.redirectUris) {
    const problem = redirectUriProblem(String(uri));
    if (problem) throw new EmulatorOptionError('--redirect-uri', problem);
  }
  if (typeof o.exposeControls !== 'boolean') {
    throw new EmulatorOptionError(
      '--expose-controls',
      `got '${String(o.exposeControls)}', expected true or false`,
    );
  }
  const clock = o.clock as Partial<Clock> | undefined;
  if (typeof clock?.now !== 'function' || typeof clock.sleep !== 'function') {
    throw new EmulatorOptionError('clock', 'expected a Clock (src/time/clock.ts) with now() and sleep()');
  }
  try {
    parseFaultSpec(o.faults);
  } catch (error) {
    if (error instanceof FaultSpecError) throw new EmulatorOptionError('--faults', error.message);
    throw error;
  }
  return o;
}
