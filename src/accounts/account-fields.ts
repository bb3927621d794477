import { REGIONS, type Region } from '../amazon/index.js';
import type { FormatProblem } from './credential-format.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** An account's name: what `--account NAME` takes, so no spaces, quotes or slashes. */
export function checkAccountName(value: string): FormatProblem | undefined {
  if (NAME.test(value)) return undefined;
  return {
    field: 'account name',
    problem: `the account name '${value.slice(0, 80)}' is not 1 to 64 letters, digits, '.', '_' or '-' starting with a letter or digit`,
    fix: 'Choose a short name such as acme-us: commands use it with --account NAME.',
  };
}

/** A region name, any case. */
export function parseRegion(value: string): Region | undefined {
  return REGIONS.find((r) => r === value.trim().toLowerCase());
}

export function checkRegion(value: string): FormatProblem | undefined {
  if (parseRegion(value)) return undefined;
  return {
    field: 'region',
    problem: `the region '${value.slice(0, 20)}' is not one of ${REGIONS.join(', ')}`,
    fix: 'Use na (North and South America), eu (Europe, Middle East, India) or fe (Japan, Australia, Singapore).',
  };
}

/**
 * The day the client secret was created, `YYYY-MM-DD`: a real day, not after today (`now`). Amazon shows
 * it as the day the credentials were generated or last rotated, beside the secret.
 */
export function checkSecretCreated(value: string, now: number): FormatProblem | undefined {
  const field = 'secret creation date';
  const match = DAY.exec(value);
  const time = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : Number.NaN;
  if (!match || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    return {
      field,
      problem: `the secret creation date '${value.slice(0, 20)}' is not a day written YYYY-MM-DD`,
      fix: 'Give the day the client secret was created or last rotated, e.g. 2026-01-31.',
    };
  }
  if (time > now + DAY_MS) {
    return {
      field,
      problem: `the secret creation date ${value} is in the future`,
      fix: 'Give the day the client secret was created or last rotated (today at the latest).',
    };
  }
  return undefined;
}

/** Whole days from `day` (`YYYY-MM-DD`, UTC midnight) to `now`. */
export function daysSince(day: string, now: number): number {
  return Math.floor((now - Date.parse(`${day}T00:00:00Z`)) / DAY_MS);
}

/** Today in UTC, `YYYY-MM-DD`. */
export function today(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}
