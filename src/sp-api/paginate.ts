import type { OperationKey } from '../amazon/generated/operations.js';
import type { OperationSpec } from '../amazon/operation-spec.js';
import { spApiUsageError } from './errors/error-factory.js';
import type { LooseOperationRequest, OperationResponse } from './operation-types.js';

/** Sends one request of the operation (the client's `call`). */
type CallOnce = (request: LooseOperationRequest) => Promise<OperationResponse<OperationKey>>;

/**
 * Every page of a paginated operation: the request as given, then the same request with the token from the
 * previous body, as the operation table says (`payload.NextToken` → `NextToken` for the v0 APIs,
 * `pagination.nextToken` → `paginationToken` for Orders 2026-01-01). A token Amazon already gave is a
 * loop and ends the listing with a usage error rather than going round for ever.
 */
export async function* paginate(
  operation: OperationSpec,
  request: LooseOperationRequest,
  callOnce: CallOnce,
): AsyncIterableIterator<OperationResponse<OperationKey>> {
  const pagination = operation.pagination;
  if (!pagination) throw spApiUsageError('NOT_PAGINATED', 'this operation does not page', operation);
  const section =
    operation.params.find((p) => p.name === pagination.param)?.in === 'header' ? 'headers' : 'query';
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await callOnce(
      token === undefined
        ? request
        : { ...request, [section]: { ...request[section], [pagination.param]: token } },
    );
    yield page;
    token = readToken(page.body, pagination.responsePath);
    if (token !== undefined) {
      if (seen.has(token)) {
        throw spApiUsageError('PAGINATION_LOOP', 'the same next token came back twice', operation);
      }
      seen.add(token);
    }
  } while (token !== undefined);
}

function readToken(body: unknown, path: readonly string[]): string | undefined {
  let value: unknown = body;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return typeof value === 'string' && value !== '' ? value : undefined;
}
