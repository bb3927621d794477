import type { FastifySchemaValidationError } from 'fastify';

/**
 * One line naming the field and what is wrong with it, from the first schema error: `body.created must be
 * <= 10000`, `body has an unknown field 'create'`, `querystring needs the field 'sellerId'`. Values are
 * not echoed, so a pasted secret never comes back in an error.
 */
export function describeValidation(
  context: string | undefined,
  errors: readonly FastifySchemaValidationError[],
): string {
  const first = errors[0];
  const root = context ?? 'request';
  if (!first) return `${root} is not valid`;
  const where = `${root}${first.instancePath.replaceAll('/', '.')}`;
  const params = first.params as Record<string, unknown>;
  switch (first.keyword) {
    case 'additionalProperties':
      return `${where} has an unknown field '${String(params.additionalProperty)}'`;
    case 'required':
      return `${where} needs the field '${String(params.missingProperty)}'`;
    default:
      return `${where} ${first.message ?? 'is not valid'}`;
  }
}
