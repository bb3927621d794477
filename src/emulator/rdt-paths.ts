import { ALL_OPERATIONS, type OperationSpec } from '../amazon/index.js';
import type { RdtResource } from './token-store.js';

const isPlaceholder = (segment: string): boolean => segment.startsWith('{') && segment.endsWith('}');

export const splitPath = (path: string): string[] => path.split('/');

/**
 * The restricted operation an RDT resource names: same method, and a path that is either the operation's
 * template itself (generic path, placeholders in the same places) or the template with real values
 * (specific path). A trailing slash or extra segment matches nothing, as on Amazon.
 */
export function restrictedOperationFor(
  method: string,
  segments: readonly string[],
): OperationSpec | undefined {
  for (const op of ALL_OPERATIONS) {
    if (!op.restricted || op.method !== method) continue;
    const template = splitPath(op.path);
    if (template.length !== segments.length) continue;
    const fits = template.every((t, i) => {
      const s = segments[i] ?? '';
      if (isPlaceholder(t)) return s !== '' && (isPlaceholder(s) || !s.includes('{'));
      return s === t;
    });
    if (fits) return op;
  }
  return undefined;
}

/** The resources of an RDT that cover this request (a `{name}` segment covers any value). */
export function coveringResources(
  resources: readonly RdtResource[],
  method: string,
  path: string,
): RdtResource[] {
  const segments = splitPath(path);
  return resources.filter(
    (r) =>
      r.method === method &&
      r.segments.length === segments.length &&
      r.segments.every((s, i) => isPlaceholder(s) || s === segments[i]),
  );
}
