import type { OperationSpec } from '../amazon/operation-spec.js';
import { spApiUsageError } from './errors/error-factory.js';
import type { LooseOperationRequest } from './operation-types.js';

/** The HTTP parts of one operation call, before auth. */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/**
 * Turns an operation request into method, URL, headers and body: path parameters substituted (URL-encoded),
 * query values stringified with arrays comma-separated (as SP-API expects), the body JSON-encoded.
 */
export function buildRequest(
  baseUrl: string,
  operation: OperationSpec,
  request: LooseOperationRequest,
): BuiltRequest {
  const pathParams = request.path ?? {};
  const path = operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = pathParams[name];
    if (value === undefined || value === null || value === '') {
      throw spApiUsageError('MISSING_PATH_PARAMETER', `missing path parameter ${name}`, operation);
    }
    return encodeURIComponent(toParamString(value));
  });
  // Commas between array items stay literal (`MarketplaceIds=A,B`), as Amazon's examples write them.
  const query = Object.entries(request.query ?? {})
    .filter(([, value]) => value !== undefined && value !== null)
    .map(([name, value]) => {
      const items = Array.isArray(value) ? value : [value];
      return `${encodeURIComponent(name)}=${items.map((item) => encodeURIComponent(toParamString(item))).join(',')}`;
    })
    .join('&');
  const url = `${baseUrl.replace(/\/+$/, '')}${path}${query ? `?${query}` : ''}`;
  const headers: Record<string, string> = { accept: 'application/json' };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined || value === null) continue;
    headers[name.toLowerCase()] = toParamString(value);
  }
  const built: BuiltRequest = { method: operation.method, url, headers };
  if (request.body !== undefined) {
    built.body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    headers['content-type'] = 'application/json';
  }
  return built;
}

function toParamString(value: unknown): string {
  if (Array.isArray(value)) return value.map(toParamString).join(',');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}
