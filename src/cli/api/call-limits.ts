import { LONG_WAIT_MS, type SpApiClientOptions, TIMEOUT_DEFAULTS, type WaitEvent } from '../../index.js';
import { CliError } from '../cli-error.js';

/**
 * `--timeout SECONDS` (the call's deadline; each attempt gets at most 30 s of it) and `--rate-scale X`
 * (the client's rate scale, to match an emulator started with the same `--rate-scale`) as client options.
 */
export function callLimits(flags: {
  timeout?: string | undefined;
  rateScale?: string | undefined;
}): Pick<SpApiClientOptions, 'callTimeoutMs' | 'attemptTimeoutMs' | 'rateLimit'> {
  const limits: Pick<SpApiClientOptions, 'callTimeoutMs' | 'attemptTimeoutMs' | 'rateLimit'> = {};
  if (flags.timeout !== undefined) {
    const seconds = positiveNumber(flags.timeout);
    if (seconds === undefined) {
      throw new CliError(
        `--timeout ${flags.timeout}: give the call's deadline in seconds, e.g. --timeout 60`,
      );
    }
    limits.callTimeoutMs = Math.ceil(seconds * 1000);
    // The client's own per-attempt limit stands; `--timeout` can only shorten it.
    limits.attemptTimeoutMs = Math.min(TIMEOUT_DEFAULTS.attemptTimeoutMs, limits.callTimeoutMs);
  }
  if (flags.rateScale !== undefined) {
    const scale = positiveNumber(flags.rateScale);
    if (scale === undefined) {
      throw new CliError(
        `--rate-scale ${flags.rateScale}: give a number greater than 0, the emulator's --rate-scale (e.g. --rate-scale 20)`,
      );
    }
    limits.rateLimit = { rateScale: scale };
  }
  return limits;
}

function positiveNumber(text: string): number | undefined {
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

const WHAT: Record<WaitEvent['for'], string> = {
  'rate-limit': 'the rate limit',
  retry: 'a retry',
  response: 'the answer',
  token: 'a token',
};

/** The stderr line of a wait longer than 5 s, or undefined for a shorter one. */
export function waitNotice(event: WaitEvent): string | undefined {
  if (event.waitMs <= LONG_WAIT_MS) return undefined;
  const subject = event.operation === 'lwa' ? 'the LWA token request' : event.operation;
  const more = event.for === 'response' ? ' more at most' : '';
  return `csm api: waiting ${Math.round(event.waitMs / 1000)} s${more} for ${WHAT[event.for]} of ${subject}: ${event.reason}\n`;
}
