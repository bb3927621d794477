/** ISO 8601 in UTC at second precision, as Amazon writes order times (`2026-11-26T12:00:00Z`). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Parses an ISO 8601 date-time; undefined when it is not one. A '+' of an offset arrives as a space when a
 * client forgot to percent-encode it, so a space there is read as '+'.
 */
export function parseIsoTime(value: string): number | undefined {
  const v = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}
