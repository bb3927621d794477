import type { OperationSpec, ParamSpec } from '../amazon/operation-spec.js';
import { invalidInput } from './amazon-error-response.js';
import { parseIsoTime } from './orders/iso-time.js';

export type ParamValue = string | number | boolean | string[];
export type RawQuery = Record<string, string | string[] | undefined>;

/**
 * Checks the path and query parameters of a request against the operation table (required, type, enum,
 * minItems/maxItems, minimum/maximum, length, date-time format) and returns them typed. Arrays arrive
 * comma-separated (`a,b`) or repeated (`x=a&x=b`); both are accepted. The 400 InvalidInput names the
 * parameter, so a developer can fix the call from the message alone.
 */
export function validateParams(
  op: OperationSpec,
  pathParams: Record<string, string>,
  query: RawQuery,
): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const p of op.params) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const raw = p.in === 'path' ? pathParams[p.name] : query[p.name];
    const present = raw !== undefined && !(typeof raw === 'string' && raw.trim() === '');
    if (!present) {
      if (p.required) throw invalidInput(`Missing required parameter '${p.name}'.`);
      continue;
    }
    out[p.name] = p.type === 'array' ? arrayValue(p, raw) : scalarValue(p, Array.isArray(raw) ? raw : [raw]);
  }
  return out;
}

function arrayValue(p: ParamSpec, raw: string | string[]): string[] {
  const values = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  if (p.maxItems !== undefined && values.length > p.maxItems) {
    throw invalidInput(`Parameter '${p.name}' accepts at most ${p.maxItems} values; got ${values.length}.`);
  }
  if (p.minItems !== undefined && values.length < p.minItems) {
    throw invalidInput(`Parameter '${p.name}' needs at least ${p.minItems} values; got ${values.length}.`);
  }
  const allowed = p.items?.enum;
  if (allowed) {
    for (const v of values) {
      if (!allowed.includes(v)) {
        throw invalidInput(
          `Invalid value '${v}' for parameter '${p.name}'. Valid values: ${allowed.join(', ')}.`,
        );
      }
    }
  }
  return values;
}

function scalarValue(p: ParamSpec, raws: string[]): string | number | boolean {
  if (raws.length > 1) throw invalidInput(`Parameter '${p.name}' must be given once.`);
  const raw = (raws[0] ?? '').trim();
  if (p.type === 'integer' || p.type === 'number') {
    const ok = p.type === 'integer' ? /^-?\d+$/.test(raw) : raw !== '' && Number.isFinite(Number(raw));
    if (!ok)
      throw invalidInput(`Invalid value '${raw}' for parameter '${p.name}': expected ${article(p.type)}.`);
    const n = Number(raw);
    if (p.minimum !== undefined && n < p.minimum) {
      throw invalidInput(`Parameter '${p.name}' must be at least ${p.minimum}; got ${n}.`);
    }
    if (p.maximum !== undefined && n > p.maximum) {
      throw invalidInput(`Parameter '${p.name}' must be at most ${p.maximum}; got ${n}.`);
    }
    return n;
  }
  if (p.type === 'boolean') {
    if (raw !== 'true' && raw !== 'false') {
      throw invalidInput(`Invalid value '${raw}' for parameter '${p.name}': expected true or false.`);
    }
    return raw === 'true';
  }
  if (p.format === 'date-time' && parseIsoTime(raw) === undefined) {
    throw invalidInput(`Invalid value '${raw}' for parameter '${p.name}': expected an ISO 8601 date-time.`);
  }
  if (p.enum && !p.enum.includes(raw)) {
    throw invalidInput(
      `Invalid value '${raw}' for parameter '${p.name}'. Valid values: ${p.enum.join(', ')}.`,
    );
  }
  if (p.maxLength !== undefined && raw.length > p.maxLength) {
    throw invalidInput(`Parameter '${p.name}' must be at most ${p.maxLength} characters.`);
  }
  if (p.minLength !== undefined && raw.length < p.minLength) {
    throw invalidInput(`Parameter '${p.name}' must be at least ${p.minLength} characters.`);
  }
  return raw;
}

const article = (type: string): string => (type === 'integer' ? 'an integer' : 'a number');
