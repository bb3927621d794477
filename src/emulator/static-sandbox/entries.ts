import { readFileSync } from 'node:fs';
import type { OperationSpec } from '../../amazon/operation-spec.js';

/** Where an entry's parameter is read from in a request. `unmatchable` never matches (see `locate`). */
type ParamLocation = 'path' | 'query' | 'body' | 'unmatchable';

/** One parameter condition of a static entry. */
export interface EntryParam {
  readonly name: string;
  readonly location: ParamLocation;
  readonly value: unknown;
}

/** One `x-amzn-api-sandbox.static[]` entry, resolved against its operation's parameters. */
export interface StaticEntry {
  /** The response code the entry sits under. */
  readonly status: number;
  readonly params: readonly EntryParam[];
  /** `entry.response` as the model writes it (`{}` under 204). */
  readonly response: unknown;
  /** Position among the operation's entries, in model order (response codes ascending, then array order). */
  readonly index: number;
}

interface RawEntry {
  request?: { parameters?: Record<string, { value?: unknown } | undefined> };
  response?: unknown;
}

interface RawOperation {
  responses?: Record<string, { 'x-amzn-api-sandbox'?: { static?: RawEntry[] } } | undefined>;
}

type RawModel = { paths?: Record<string, Record<string, RawOperation | undefined> | undefined> };

/**
 * Decides which part of the request an entry parameter names. Amazon keys the body parameter by name, and
 * the models are loose about it: Orders v0 declares `payload` but its entries say `body`, so `body` and
 * `payload` both mean "the operation's body parameter". Header parameters, and names the operation does not
 * declare, cannot be matched from a `StaticRequest`; none occur in the covered models (a test checks).
 */
export function locate(op: OperationSpec, name: string): ParamLocation {
  const declared = op.params.find((p) => p.name === name);
  if (declared?.in === 'path' || declared?.in === 'query' || declared?.in === 'body') return declared.in;
  if (declared) return 'unmatchable';
  const hasBody = op.params.some((p) => p.in === 'body');
  return hasBody && (name === 'body' || name === 'payload') ? 'body' : 'unmatchable';
}

const modelCache = new Map<string, RawModel>();

function readModel(modelsDir: URL, file: string): RawModel {
  const key = new URL(file, modelsDir).href;
  let model = modelCache.get(key);
  if (!model) {
    model = JSON.parse(readFileSync(new URL(file, modelsDir), 'utf8')) as RawModel;
    modelCache.set(key, model);
  }
  return model;
}

/** Reads every static entry of one operation from its model file. */
export function readStaticEntries(modelsDir: URL, op: OperationSpec): StaticEntry[] {
  const raw = readModel(modelsDir, op.model).paths?.[op.path]?.[op.method.toLowerCase()];
  const entries: StaticEntry[] = [];
  // Object.entries yields integer-like keys ascending, which is also the order the models list codes in.
  for (const [code, response] of Object.entries(raw?.responses ?? {})) {
    for (const entry of response?.['x-amzn-api-sandbox']?.static ?? []) {
      // A parameter named without a value (Listings Items' `"body": {}`) constrains nothing: the entry is
      // Amazon's catch-all for the operation, and a more specific entry (`sku=BadSKU`) still wins over it.
      const params = Object.entries(entry.request?.parameters ?? {})
        .filter(([, p]) => p !== undefined && Object.hasOwn(p, 'value'))
        .map(([name, p]) => ({ name, location: locate(op, name), value: p?.value }));
      entries.push({ status: Number(code), params, response: entry.response, index: entries.length });
    }
  }
  return entries;
}
