import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { OPERATIONS } from '../../src/amazon/generated/operations.js';
import type { OperationSpec } from '../../src/amazon/operation-spec.js';

/**
 * Validates response bodies against the JSON schemas in Amazon's models (Swagger 2.0, in models/sp-api).
 *
 * What a body is checked for, beyond the schema's own `type`, `required`, `enum`, `format` and `pattern`:
 * - **No undocumented fields, at any depth.** The models leave `additionalProperties` unset (so JSON Schema
 *   would allow anything); here every object schema that lists `properties` and says nothing about
 *   `additionalProperties` gets `additionalProperties: false`. That catches a `payload` wrapper where the
 *   model has none, a bare object where it has one, and fields the emulator invents.
 * - **The envelope that fits the status.** v0/v1 responses declare both `payload` and `errors` as
 *   optional, so `{}` would pass: a 2xx must carry `payload` where the schema has one and no `errors`;
 *   a 4xx/5xx must carry a non-empty `errors`.
 * - **The status is one the model declares** for the operation; a status declared without a schema
 *   (204) must come with an empty body.
 */

const MODELS_DIR = new URL('../../models/sp-api/', import.meta.url);
const ID_BASE = 'https://csm.invalid/models/';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };
interface RawModel {
  paths: Record<string, Record<string, { responses?: Record<string, { schema?: Schema }> }>>;
  definitions: Record<string, Schema>;
}

/** Closes every object schema that lists its properties and leaves additionalProperties open. */
function closeObjects(node: Json): Json {
  if (Array.isArray(node)) return node.map(closeObjects);
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    // Examples and Amazon's extensions hold data, not schemas.
    out[key] = key === 'example' || key === 'enum' || key.startsWith('x-') ? value : closeObjects(value);
  }
  const props = node.properties;
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    // Under `properties` every key is a field name (a field may be called `example`), every value a schema.
    out.properties = Object.fromEntries(
      Object.entries(props).map(([name, schema]) => [name, closeObjects(schema)]),
    );
    if (!('additionalProperties' in node)) out.additionalProperties = false;
  }
  return out;
}

/** Points `#/definitions/X` at the model's registered schema, for schemas compiled outside it. */
function rebase(node: Json, modelId: string): Json {
  if (Array.isArray(node)) return node.map((n) => rebase(n, modelId));
  if (node === null || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] =
      key === '$ref' && typeof value === 'string' && value.startsWith('#')
        ? modelId + value
        : rebase(value, modelId);
  }
  return out;
}

function createAjv(): Ajv {
  // Swagger 2.0 schemas are a draft-4 subset with `x-` keys and `example`: strict mode would reject them.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  // Swagger's numeric formats say how wide a number is, not what it looks like.
  for (const format of ['int32', 'int64', 'float', 'double']) ajv.addFormat(format, true);
  return ajv;
}

type Check = { kind: 'schema'; validate: ValidateFunction } | { kind: 'empty' };

class ModelSchemas {
  private readonly ajv = createAjv();
  private readonly models = new Map<string, RawModel>();
  private readonly checks = new Map<string, Check | null>();

  private model(file: string): RawModel {
    let model = this.models.get(file);
    if (!model) {
      model = JSON.parse(readFileSync(new URL(file, MODELS_DIR), 'utf8')) as RawModel;
      this.ajv.addSchema({ $id: ID_BASE + file, definitions: closeObjects(model.definitions) });
      this.models.set(file, model);
    }
    return model;
  }

  /** The check for one operation and status; null when the model does not declare that status. */
  check(op: OperationSpec, status: number): Check | null {
    const key = `${op.key} ${status}`;
    const known = this.checks.get(key);
    if (known !== undefined) return known;
    const response = this.model(op.model).paths[op.path]?.[op.method.toLowerCase()]?.responses?.[
      String(status)
    ];
    let check: Check | null = null;
    if (response && !response.schema) check = { kind: 'empty' };
    else if (response?.schema) {
      const base = rebase(closeObjects(response.schema), ID_BASE + op.model) as Schema;
      check = {
        kind: 'schema',
        validate: this.ajv.compile({ allOf: [base, this.envelopeRule(op, status, response.schema)] }),
      };
    }
    this.checks.set(key, check);
    return check;
  }

  /** The envelope a status calls for, as far as the response schema names `payload` and `errors`. */
  private envelopeRule(op: OperationSpec, status: number, schema: Schema): Schema {
    const names = this.topLevel(op, schema);
    if (status >= 400) {
      return names.includes('errors')
        ? { required: ['errors'], properties: { errors: { minItems: 1 } } }
        : {};
    }
    const rule: Schema = names.includes('errors') ? { not: { required: ['errors'] } } : {};
    if (names.includes('payload')) rule.required = ['payload'];
    return rule;
  }

  /** Property names the response schema declares at the top level (following one `$ref`). */
  private topLevel(op: OperationSpec, schema: Schema): string[] {
    const ref = typeof schema.$ref === 'string' ? schema.$ref.replace('#/definitions/', '') : undefined;
    const target = ref ? this.model(op.model).definitions[ref] : schema;
    const props = target?.properties;
    return props && typeof props === 'object' && !Array.isArray(props) ? Object.keys(props) : [];
  }
}

const schemas = new ModelSchemas();

function explain(error: ErrorObject): string {
  const at = error.instancePath || '/';
  const extra =
    error.keyword === 'additionalProperty' || error.keyword === 'additionalProperties'
      ? ` '${String((error.params as { additionalProperty?: string }).additionalProperty)}'`
      : error.keyword === 'enum'
        ? ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`
        : '';
  return `${at} ${error.message ?? error.keyword}${extra}`;
}

/**
 * Violations of the model by one response of one operation: empty when the body conforms. `body` is the
 * parsed JSON body, `undefined` when the response had none.
 */
export function validateResponse(opKey: string, status: number, body: unknown): string[] {
  const op = (OPERATIONS as Readonly<Record<string, OperationSpec>>)[opKey];
  if (!op) return [`unknown operation ${opKey}`];
  const check = schemas.check(op, status);
  if (!check) return [`status ${status} is not a response the model declares for ${opKey}`];
  if (check.kind === 'empty') {
    return body === undefined || body === ''
      ? []
      : [`status ${status} has no schema in the model, but a body came`];
  }
  if (body === undefined) return [`status ${status} needs a body, none came`];
  if (check.validate(body)) return [];
  // allOf repeats the leaf errors under its own keyword; keep the leaves.
  const errors = (check.validate.errors ?? []).filter((e) => e.keyword !== 'allOf');
  return [...new Set(errors.map(explain))];
}

// ---------------------------------------------------------------------------------------------------------
// Amazon's static sandbox examples, read straight from the model JSON (not through src/emulator), so tests
// of the static sandbox do not share the reading of the code they test.

/** The models the project covers. */
export const MODEL_FILES = [
  'sellers.json',
  'ordersV0.json',
  'orders_2026-01-01.json',
  'tokens_2021-03-01.json',
  'feeds_2021-06-30.json',
  'reports_2021-06-30.json',
  'listingsItems_2021-08-01.json',
  'fbaInventory.json',
];

/** One `x-amzn-api-sandbox.static[]` entry. */
export interface ModelEntry {
  readonly model: string;
  readonly op: OperationSpec;
  /** The response code the entry sits under. */
  readonly status: number;
  /** Parameter name → value, as the entry writes them. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly response: unknown;
}

interface RawEntry {
  request: { parameters: Record<string, { value: unknown }> };
  response: unknown;
}
type SandboxResponses = Record<string, { 'x-amzn-api-sandbox'?: { static?: RawEntry[] } }>;

/** Every static entry of the covered models, in model order. */
export function modelStaticEntries(): ModelEntry[] {
  const out: ModelEntry[] = [];
  const ops: OperationSpec[] = Object.values(OPERATIONS);
  for (const model of MODEL_FILES) {
    const raw = JSON.parse(readFileSync(new URL(model, MODELS_DIR), 'utf8')) as {
      paths: Record<string, Record<string, { responses?: SandboxResponses }>>;
    };
    for (const [path, item] of Object.entries(raw.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const op = ops.find((o) => o.model === model && o.path === path && o.method === method.toUpperCase());
        for (const [code, response] of Object.entries(operation.responses ?? {})) {
          for (const entry of response['x-amzn-api-sandbox']?.static ?? []) {
            if (!op) throw new Error(`${model} ${method} ${path}: static entries but no operation table row`);
            // A parameter written without a value (`"body": {}`) constrains nothing (docs/emulator.md).
            const params = Object.fromEntries(
              Object.entries(entry.request.parameters)
                .filter(([, p]) => Object.hasOwn(p, 'value'))
                .map(([name, p]) => [name, p.value]),
            );
            out.push({ model, op, status: Number(code), params, response: entry.response });
          }
        }
      }
    }
  }
  return out;
}

/** Where a parameter goes: as the operation declares it; `body`/`payload` name the body parameter. */
export function placeOf(op: OperationSpec, name: string): string {
  const declared = op.params.find((p) => p.name === name);
  if (declared) return declared.in;
  return name === 'body' || name === 'payload' ? 'body' : 'undeclared';
}

/** The request an entry describes, as a server hands it over (query arrays comma-joined). */
export function requestFor(
  op: OperationSpec,
  params: Readonly<Record<string, unknown>>,
): { pathParams: Record<string, string>; query: Record<string, string>; body: unknown } {
  const req = {
    pathParams: {} as Record<string, string>,
    query: {} as Record<string, string>,
    body: undefined as unknown,
  };
  for (const [name, value] of Object.entries(params)) {
    const place = placeOf(op, name);
    if (place === 'path') req.pathParams[name] = String(value);
    else if (place === 'query') req.query[name] = Array.isArray(value) ? value.join(',') : String(value);
    else if (place === 'body') req.body = value;
    else throw new Error(`${op.key}: cannot place parameter ${name} (${place})`);
  }
  return req;
}

/**
 * The oracle for Amazon's matching rule: of the operation's entries whose every parameter the request
 * carries with an equal value, the one with most parameters, the first in model order on a tie. The request
 * is written with model values (not query strings), so deep equality is the whole rule.
 */
export function staticOracle(
  entries: readonly ModelEntry[],
  op: OperationSpec,
  params: Readonly<Record<string, unknown>>,
): ModelEntry | undefined {
  let best: ModelEntry | undefined;
  for (const entry of entries.filter((e) => e.op === op)) {
    const matches = Object.entries(entry.params).every(
      ([name, value]) => Object.hasOwn(params, name) && isDeepStrictEqual(params[name], value),
    );
    const specificity = Object.keys(entry.params).length;
    if (matches && (!best || specificity > Object.keys(best.params).length)) best = entry;
  }
  return best;
}

/** What the sandbox answers for an entry: its status, its response, no body under 204. */
export function staticAnswer(entry: ModelEntry): { status: number; body: unknown } {
  return { status: entry.status, body: entry.status === 204 ? undefined : entry.response };
}
