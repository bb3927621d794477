/**
 * Generates `src/amazon/generated/` from Amazon's models in `models/sp-api/`:
 *   - `types/<model>.ts`: TypeScript types (openapi-typescript, after swagger2openapi converts Swagger 2.0);
 *   - `operations.ts`: the operation table (key, operationId, method, path, rate, burst, grantless,
 *     restricted, parameters, pagination) and a type map from operation key to its generated types.
 *
 * `--check` regenerates in memory and fails when a committed file differs, so CI notices a stale tree.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
// @ts-expect-error swagger2openapi ships no types
import swagger2openapi from 'swagger2openapi';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const modelDir = path.join(root, 'models/sp-api');
const outDir = path.join(root, 'src/amazon/generated');

/** The models the project uses, with the short name their generated types file takes. */
const MODELS = [
  { file: 'sellers.json', name: 'sellers', api: 'sellers' },
  { file: 'ordersV0.json', name: 'ordersV0', api: 'orders' },
  { file: 'orders_2026-01-01.json', name: 'orders20260101', api: 'orders' },
  { file: 'tokens_2021-03-01.json', name: 'tokens20210301', api: 'tokens' },
  { file: 'feeds_2021-06-30.json', name: 'feeds20210630', api: 'feeds' },
  { file: 'reports_2021-06-30.json', name: 'reports20210630', api: 'reports' },
  { file: 'listingsItems_2021-08-01.json', name: 'listingsItems20210801', api: 'listings' },
  { file: 'fbaInventory.json', name: 'fbaInventory', api: 'fbaInventory' },
] as const;

/**
 * Operations that return restricted data (PII) and so need a Restricted Data Token in v0-style APIs,
 * with the data elements an RDT may name for them, and the element an operation is wholly about (its
 * path needs the same role as that element). Amazon's models say this only in prose, so it is
 * written here from the Tokens API use-case guide (see docs/sp-api-client.md).
 * Orders 2026-01-01 is governed by roles only (no RDT) and is deliberately absent.
 */
const RESTRICTED: Record<string, { dataElements: readonly string[]; implies?: string }> = {
  getOrders: { dataElements: ['buyerInfo', 'shippingAddress', 'buyerTaxInformation'] },
  'getOrder@v0': { dataElements: ['buyerInfo', 'shippingAddress', 'buyerTaxInformation'] },
  getOrderItems: { dataElements: ['buyerInfo'] },
  getOrderAddress: { dataElements: [], implies: 'shippingAddress' },
  getOrderBuyerInfo: { dataElements: [], implies: 'buyerInfo' },
  getOrderItemsBuyerInfo: { dataElements: [], implies: 'buyerInfo' },
  getOrderRegulatedInfo: { dataElements: [] },
};

interface SwaggerParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'body' | 'formData';
  required?: boolean;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: { type?: string; enum?: unknown[] };
  maxItems?: number;
  minItems?: number;
  maximum?: number;
  minimum?: number;
  maxLength?: number;
  minLength?: number;
  collectionFormat?: string;
  schema?: unknown;
  $ref?: string;
}

interface SwaggerOperation {
  operationId: string;
  'x-amzn-api-sandbox-only'?: boolean;
  description?: string;
  deprecated?: boolean;
  parameters?: SwaggerParameter[];
  responses: Record<string, { schema?: { $ref?: string } }>;
}

interface SwaggerModel {
  info: { title: string; version: string };
  paths: Record<string, Record<string, SwaggerOperation | SwaggerParameter[] | boolean>>;
  parameters?: Record<string, SwaggerParameter>;
  definitions?: Record<string, { properties?: Record<string, unknown> }>;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

/**
 * The operations of a path item that production serves. Operations marked `x-amzn-api-sandbox-only` (on the
 * path or the operation, e.g. FBA Inventory's createInventoryItem) exist only in Amazon's sandbox and have
 * no usage plan, so they stay out of the table (their types are still generated).
 */
function productionOperations(pathItem: SwaggerModel['paths'][string]): [string, SwaggerOperation][] {
  if (pathItem['x-amzn-api-sandbox-only'] === true) return [];
  return Object.entries(pathItem)
    .filter(([method]) => HTTP_METHODS.has(method))
    .map(([method, op]) => [method, op as SwaggerOperation] as [string, SwaggerOperation])
    .filter(([, op]) => op['x-amzn-api-sandbox-only'] !== true);
}

function usagePlan(description: string, operationId: string): { rate: number; burst: number } {
  // "**Usage Plan:**" in most models, "Usage Plan:" without bold in FBA Inventory's.
  const match = /Usage Plan:(?:\*\*)?[\s\S]*?\|\s*([\d.]+)\s*\|\s*(\d+)\s*\|/.exec(description);
  if (!match) throw new Error(`${operationId}: no usage plan table in its description`);
  return { rate: Number(match[1]), burst: Number(match[2]) };
}

function isGrantless(description: string): boolean {
  return /operation is grantless|API is grantless/i.test(description);
}

/** Finds the request parameter and response field that carry a page token, if the operation pages. */
function pagination(
  params: SwaggerParameter[],
  model: SwaggerModel,
  op: SwaggerOperation,
): { param: string; responsePath: string[] } | null {
  const param = params.find(
    (p) => p.in === 'query' && /^(NextToken|nextToken|paginationToken|pageToken)$/.test(p.name),
  );
  if (!param) return null;
  // Walk the success schema for the field that holds the next token.
  const success = Object.entries(op.responses).find(([code]) => code.startsWith('2'))?.[1];
  const seen = new Set<string>();
  const search = (ref: string | undefined, trail: string[]): string[] | null => {
    if (!ref || seen.has(ref)) return null;
    seen.add(ref);
    const def = model.definitions?.[ref.replace('#/definitions/', '')];
    for (const [key, value] of Object.entries(def?.properties ?? {})) {
      if (key === 'NextToken' || key === 'nextToken') return [...trail, key];
      const childRef = (value as { $ref?: string }).$ref;
      const found = search(childRef, [...trail, key]);
      if (found) return found;
    }
    return null;
  };
  const responsePath = search(success?.schema?.$ref, []);
  if (!responsePath)
    throw new Error(`${op.operationId}: pages by ${param.name} but no token in its response`);
  return { param: param.name, responsePath };
}

function describeParam(p: SwaggerParameter) {
  const out: Record<string, unknown> = { name: p.name, in: p.in, required: p.required === true };
  if (p.in === 'body') return out;
  out.type = p.type ?? 'string';
  for (const key of [
    'format',
    'enum',
    'maxItems',
    'minItems',
    'maximum',
    'minimum',
    'maxLength',
    'minLength',
  ] as const) {
    if (p[key] !== undefined) out[key] = p[key];
  }
  if (p.items)
    out.items = { type: p.items.type ?? 'string', ...(p.items.enum ? { enum: p.items.enum } : {}) };
  return out;
}

async function loadModels() {
  return Promise.all(
    MODELS.map(async (m) => ({
      ...m,
      model: JSON.parse(await readFile(path.join(modelDir, m.file), 'utf8')) as SwaggerModel,
    })),
  );
}

async function generate(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const loaded = await loadModels();
  const header =
    '// Generated by scripts/generate.ts from models/sp-api. Do not edit: run `npm run generate`.\n';

  // Count operationIds across models: a shared one gets its version appended ("getOrder@v0").
  const idCount = new Map<string, number>();
  for (const { model } of loaded) {
    for (const ops of Object.values(model.paths)) {
      for (const [, op] of productionOperations(ops)) {
        idCount.set(op.operationId, (idCount.get(op.operationId) ?? 0) + 1);
      }
    }
  }

  const table: Record<string, unknown>[] = [];
  const typeLines: string[] = [];
  const typeImports: string[] = [];
  for (const { file, name, api, model } of loaded) {
    const converted = (
      await swagger2openapi.convertObj(structuredClone(model), { patch: true, warnOnly: true })
    ).openapi;
    const ast = await openapiTS(converted, { alphabetize: false, exportType: false });
    files.set(`types/${name}.ts`, `${header}/* eslint-disable */\n${astToString(ast)}`);
    typeImports.push(`import type { operations as ${name} } from './types/${name}.js';`);

    for (const [route, ops] of Object.entries(model.paths)) {
      const shared = Array.isArray(ops.parameters) ? ops.parameters : [];
      for (const [method, op] of productionOperations(ops)) {
        const key =
          (idCount.get(op.operationId) ?? 0) > 1 ? `${op.operationId}@${model.info.version}` : op.operationId;
        const params = [...shared, ...(op.parameters ?? [])].map((p) =>
          p.$ref ? (model.parameters?.[p.$ref.replace('#/parameters/', '')] as SwaggerParameter) : p,
        );
        const description = op.description ?? '';
        const { rate, burst } = usagePlan(description, key);
        const success = Number(Object.keys(op.responses).find((code) => code.startsWith('2')) ?? 200);
        const successSchema = Object.entries(op.responses).find(([c]) => c.startsWith('2'))?.[1].schema?.$ref;
        const successDef = successSchema
          ? model.definitions?.[successSchema.replace('#/definitions/', '')]
          : undefined;
        table.push({
          key,
          operationId: op.operationId,
          api,
          version: model.info.version,
          model: file,
          method: method.toUpperCase(),
          path: route,
          rate,
          burst,
          grantless: isGrantless(description),
          restricted: key in RESTRICTED,
          dataElements: RESTRICTED[key]?.dataElements ?? [],
          impliedDataElement: RESTRICTED[key]?.implies ?? null,
          deprecated: op.deprecated === true,
          successStatus: success,
          payloadWrapper: Boolean(successDef?.properties && 'payload' in successDef.properties),
          params: params.map(describeParam),
          pagination: pagination(params, model, op),
        });
        typeLines.push(`  '${key}': ${name}['${op.operationId}'];`);
      }
    }
  }
  table.sort((a, b) => String(a.key).localeCompare(String(b.key)));

  files.set(
    'operations.ts',
    `${header}import type { OperationSpec } from '../operation-spec.js';
${typeImports.join('\n')}

/** Every operation of the models in models/sp-api, keyed by operation key ("getOrder@v0" where ids clash). */
export const OPERATIONS = ${JSON.stringify(Object.fromEntries(table.map((op) => [op.key, op])), null, 2)} as const satisfies Record<string, OperationSpec>;

export type OperationKey = keyof typeof OPERATIONS;

/** The openapi-typescript types of each operation, by operation key. */
export interface OperationTypes {
${typeLines.join('\n')}
}
`,
  );
  return files;
}

async function main() {
  const check = process.argv.includes('--check');
  const files = await generate();
  if (check) {
    const stale: string[] = [];
    for (const [rel, content] of files) {
      const current = await readFile(path.join(outDir, rel), 'utf8').catch(() => null);
      if (current !== content) stale.push(rel);
    }
    const existing = await readdir(path.join(outDir, 'types')).catch(() => [] as string[]);
    for (const f of existing) if (!files.has(`types/${f}`)) stale.push(`types/${f} (not generated any more)`);
    if (stale.length > 0) {
      process.stderr.write(
        `generated files are stale: ${stale.join(', ')}\nfix: run \`npm run generate\` and commit src/amazon/generated\n`,
      );
      process.exit(1);
    }
    process.stderr.write(`generated files are current (${files.size} files)\n`);
    return;
  }
  await rm(path.join(outDir, 'types'), { recursive: true, force: true });
  await mkdir(path.join(outDir, 'types'), { recursive: true });
  for (const [rel, content] of files) await writeFile(path.join(outDir, rel), content);
  process.stderr.write(`wrote ${files.size} files to ${path.relative(root, outDir)}\n`);
}

await main();
