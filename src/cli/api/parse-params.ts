import { readFileSync } from 'node:fs';
import type { OperationSpec, ParamSpec } from '../../amazon/operation-spec.js';
import { CliError } from '../cli-error.js';

/** A request split into the parts of an HTTP call, as the client takes it. */
export interface ParsedRequest {
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  body?: unknown;
}

/**
 * Turns `--param name=value` pairs and `--body` into path, query and header parameters of `op`.
 * Array parameters take comma-separated values (`marketplaceIds=A,B`); a repeated array parameter adds to it.
 */
export function parseParams(
  op: OperationSpec,
  pairs: readonly string[],
  body: string | undefined,
): ParsedRequest {
  const request: ParsedRequest = { path: {}, query: {}, headers: {} };
  const usable = op.params.filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header');
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new CliError(`--param ${pair}: write it as name=value, e.g. --param ${exampleOf(usable)}`);
    const name = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const spec = findParam(usable, name);
    if (!spec) {
      const names = usable.map((p) => p.name).join(', ') || '(none)';
      throw new CliError(`${op.key} has no parameter ${name}: its parameters are ${names}`);
    }
    if (spec.in === 'path') request.path[spec.name] = value;
    else if (spec.in === 'header') request.headers[spec.name] = value;
    else if (spec.type === 'array') {
      const previous = request.query[spec.name];
      const values = value.split(',').filter((v) => v !== '');
      request.query[spec.name] = [...(Array.isArray(previous) ? previous : []), ...values];
    } else request.query[spec.name] = value;
  }
  const given = (p: ParamSpec): boolean =>
    (p.in === 'path' ? request.path : p.in === 'header' ? request.headers : request.query)[p.name] !==
    undefined;
  const missing = usable.filter((p) => p.required && !given(p));
  if (missing.length > 0) {
    throw new CliError(
      `${op.key} needs ${missing.map((p) => `--param ${p.name}=...`).join(' and ')} (${op.method} ${op.path})`,
    );
  }
  const bodyParam = op.params.find((p) => p.in === 'body');
  if (body !== undefined) {
    if (!bodyParam) throw new CliError(`${op.key} takes no body: drop --body`);
    request.body = parseBody(body);
  } else if (bodyParam?.required) {
    throw new CliError(`${op.key} needs a JSON body: --body '{...}' or --body @file.json`);
  }
  return request;
}

function findParam(params: readonly ParamSpec[], name: string): ParamSpec | undefined {
  const exact = params.find((p) => p.name === name);
  if (exact) return exact;
  // Amazon mixes MarketplaceIds (v0) and marketplaceIds (2026-01-01); accept either spelling when unambiguous.
  const folded = params.filter((p) => p.name.toLowerCase() === name.toLowerCase());
  return folded.length === 1 ? folded[0] : undefined;
}

function parseBody(raw: string): unknown {
  let text = raw;
  if (raw.startsWith('@')) {
    const file = raw.slice(1);
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new CliError(
        `--body ${raw}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    // Only the position: the parser's own message quotes the text, which may hold personal data.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    const where = raw.startsWith('@') ? raw.slice(1) : '--body';
    const at = position ? ` at position ${position}` : '';
    throw new CliError(`${where} is not valid JSON${at}: pass a JSON object or @file.json`);
  }
}

function exampleOf(params: readonly ParamSpec[]): string {
  const p = params.find((x) => x.required) ?? params[0];
  return p ? `${p.name}=VALUE` : 'name=value';
}
