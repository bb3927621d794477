import type { EntryParam, StaticEntry } from './entries.js';

/** The parts of a request a static entry can name. Query values are raw strings, arrays comma-separated. */
interface MatchRequest {
  readonly pathParams: Record<string, string>;
  readonly query: Record<string, string>;
  readonly body: unknown;
}

/** JSON deep equality: object key order does not matter, array order does. */
function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEqual(item, b[i]));
  }
  const ak = Object.keys(a);
  const bRecord = b as Record<string, unknown>;
  if (ak.length !== Object.keys(b).length) return false;
  return ak.every(
    (k) => Object.hasOwn(bRecord, k) && jsonEqual((a as Record<string, unknown>)[k], bRecord[k]),
  );
}

/**
 * A query string value against a model value. Numbers and booleans compare by their string form; an array
 * compares element by element, in order, against the comma-split string (how SP-API clients send arrays).
 */
function queryEqual(model: unknown, raw: string): boolean {
  if (Array.isArray(model)) {
    const parts = raw.split(',');
    return parts.length === model.length && model.every((v, i) => String(v) === parts[i]);
  }
  return String(model) === raw;
}

function paramMatches(param: EntryParam, req: MatchRequest): boolean {
  switch (param.location) {
    case 'path': {
      const got = req.pathParams[param.name];
      return got !== undefined && String(param.value) === got;
    }
    case 'query': {
      const got = req.query[param.name];
      return got !== undefined && queryEqual(param.value, got);
    }
    case 'body':
      return jsonEqual(param.value, req.body);
    case 'unmatchable':
      return false;
  }
}

/**
 * Amazon's static sandbox rule: an entry matches when every parameter it names equals the request's
 * (parameters it does not name are ignored). The most specific match (most parameters) wins; ties go to
 * the first entry in model order.
 */
export function bestMatch(entries: readonly StaticEntry[], req: MatchRequest): StaticEntry | undefined {
  let best: StaticEntry | undefined;
  for (const entry of entries) {
    if (best && entry.params.length <= best.params.length) continue;
    if (entry.params.every((p) => paramMatches(p, req))) best = entry;
  }
  return best;
}
