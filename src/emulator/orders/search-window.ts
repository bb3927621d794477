import { invalidInput } from '../amazon-error-response.js';
import { parseIsoTime } from './iso-time.js';

/** Amazon serves nothing newer than two minutes (getOrders "systematic delay"). */
const VISIBILITY_DELAY_MS = 2 * 60_000;

/** The parameter names of one API (`CreatedAfter` in v0, `createdAfter` in 2026-01-01). */
interface WindowNames {
  createdAfter: string;
  createdBefore: string;
  lastUpdatedAfter: string;
  lastUpdatedBefore: string;
}

interface SearchWindow {
  by: 'created' | 'lastUpdated';
  afterMs: number;
  /** The effective upper bound: the given Before, or now − 2 minutes. */
  beforeMs: number;
}

/**
 * The time window of an order search, with Amazon's rules: exactly one of createdAfter / lastUpdatedAfter;
 * no mixing of created and lastUpdated bounds; Before ≥ After and at least two minutes before now.
 */
export function resolveWindow(
  values: Record<keyof WindowNames, string | undefined>,
  names: WindowNames,
  now: number,
): SearchWindow {
  const { createdAfter, createdBefore, lastUpdatedAfter, lastUpdatedBefore } = values;
  if (createdAfter !== undefined && lastUpdatedAfter !== undefined) {
    throw invalidInput(
      `Exactly one of '${names.createdAfter}' or '${names.lastUpdatedAfter}' may be given, not both.`,
    );
  }
  if (createdAfter === undefined && lastUpdatedAfter === undefined) {
    throw invalidInput(`One of '${names.createdAfter}' or '${names.lastUpdatedAfter}' is required.`);
  }
  const by = createdAfter !== undefined ? 'created' : 'lastUpdated';
  if (by === 'created' && lastUpdatedBefore !== undefined) {
    throw invalidInput(`'${names.lastUpdatedBefore}' cannot be combined with '${names.createdAfter}'.`);
  }
  if (by === 'lastUpdated' && createdBefore !== undefined) {
    throw invalidInput(`'${names.createdBefore}' cannot be combined with '${names.lastUpdatedAfter}'.`);
  }
  const afterName = by === 'created' ? names.createdAfter : names.lastUpdatedAfter;
  const beforeName = by === 'created' ? names.createdBefore : names.lastUpdatedBefore;
  const afterMs = time(afterName, by === 'created' ? createdAfter : lastUpdatedAfter);
  const beforeRaw = by === 'created' ? createdBefore : lastUpdatedBefore;
  const cutoff = now - VISIBILITY_DELAY_MS;
  if (afterMs > now) throw invalidInput(`'${afterName}' must not be in the future.`);
  if (beforeRaw === undefined) return { by, afterMs, beforeMs: cutoff };
  const beforeMs = time(beforeName, beforeRaw);
  if (beforeMs < afterMs) throw invalidInput(`'${beforeName}' must be equal to or after '${afterName}'.`);
  if (beforeMs > cutoff) {
    throw invalidInput(`'${beforeName}' must be at least two minutes before the time of the request.`);
  }
  return { by, afterMs, beforeMs };
}

function time(name: string, value: string | undefined): number {
  const ms = value === undefined ? undefined : parseIsoTime(value);
  if (ms === undefined) {
    throw invalidInput(
      `Invalid value '${value ?? ''}' for parameter '${name}': expected an ISO 8601 date-time.`,
    );
  }
  return ms;
}
