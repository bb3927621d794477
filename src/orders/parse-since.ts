const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const AGO = /^(\d+)([dhm])$/;
const UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000 };

/** A `--since` value that is not a date, or lies in the future. */
export class SinceError extends Error {
  override name = 'SinceError';
}

/**
 * A `--since` value: a day (`2026-03-01`, midnight UTC), a time with its zone (`2026-03-01T08:00:00Z`,
 * `…+02:00`), or a span before now (`30d`, `12h`, `90m`). Refused when it is no real date (`2026-02-30`),
 * lacks a zone, or lies after `now`: the message names the forms that work.
 */
export function parseSince(text: string, now: number, flag = '--since'): Date {
  const value = text.trim();
  let ms: number | undefined;
  const ago = AGO.exec(value);
  if (ago) ms = now - Number(ago[1]) * (UNIT_MS[ago[2]!] ?? 0);
  else if (DATE.test(value)) ms = realDate(value, `${value}T00:00:00Z`);
  else if (DATE_TIME.test(value)) ms = realDate(value.slice(0, 10), value);
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new SinceError(
      `${flag} '${value}' is not a date: give a day (2026-03-01, UTC), a time with its zone ` +
        '(2026-03-01T08:00:00Z) or a span before now (30d, 12h, 90m)',
    );
  }
  if (ms > now) {
    throw new SinceError(
      `${flag} ${new Date(ms).toISOString()} is in the future (now is ${new Date(now).toISOString()}): give a past date`,
    );
  }
  return new Date(ms);
}

/** The time of `text` if its day exists in the calendar (`2026-02-30` does not). */
function realDate(day: string, text: string): number | undefined {
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  const check = new Date(Date.UTC(y!, m! - 1, d!));
  return check.getUTCFullYear() === y && check.getUTCMonth() === m! - 1 && check.getUTCDate() === d
    ? ms
    : undefined;
}
