import type { OperationKey, OperationSpec } from '../../amazon/index.js';
import type {
  LooseOperationRequest,
  OperationRequest,
  OperationResponse,
  PaginatedOperationKey,
  SpApiClient,
} from '../../index.js';
import { CliError } from '../cli-error.js';

/**
 * Every page of the operation named on the command line, through the client's `paginate`. The compiler
 * ties a request to its operation only for a key written in the code; for a key known at run time these
 * checks against the operation table stand in for it.
 */
export function pages(
  client: SpApiClient,
  key: OperationKey,
  spec: OperationSpec,
  request: LooseOperationRequest,
): AsyncIterableIterator<OperationResponse<PaginatedOperationKey>> {
  if (!isPaginated(key, spec)) throw new CliError(`${key} does not page: drop --all-pages`);
  if (!isComplete(spec, request)) throw new CliError(`${key}: the request lacks a required parameter`);
  return client.paginate(key, request);
}

function isPaginated(key: OperationKey, spec: OperationSpec): key is PaginatedOperationKey {
  return spec.key === key && spec.pagination !== null;
}

/** Every parameter the operation requires is there (parseParams has already refused any other). */
function isComplete(
  spec: OperationSpec,
  request: LooseOperationRequest,
): request is OperationRequest<PaginatedOperationKey> {
  return spec.params.every((param) => {
    if (!param.required) return true;
    if (param.in === 'body') return request.body !== undefined;
    const section =
      param.in === 'path' ? request.path : param.in === 'query' ? request.query : request.headers;
    return section?.[param.name] !== undefined;
  });
}
