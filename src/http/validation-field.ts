import type { FastifySchemaValidationError } from 'fastify/types/schema.js';

/**
 * The field a failed validation names, as a client would write it: `limit`, `orderIds`, `orderIds[2]`,
 * `body` when the document as a whole is wrong.
 */
export function validationField(
  errors: readonly FastifySchemaValidationError[],
  context: string | undefined,
): string {
  const first = errors[0];
  if (!first) return context ?? 'body';
  const parts = first.instancePath
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  const params = first.params as Record<string, unknown>;
  const missing = typeof params.missingProperty === 'string' ? params.missingProperty : undefined;
  const extra = typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
  const leaf = missing ?? extra;
  if (leaf) parts.push(leaf);
  if (parts.length === 0) return context === 'body' || context === undefined ? 'body' : context;
  return parts.map((part, i) => (/^\d+$/.test(part) ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}
