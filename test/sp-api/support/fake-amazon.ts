import type { Transport, TransportResponse } from '../../../src/index.js';

/** A request as the fake transport saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: string | undefined;
  /** The form (LWA) or JSON (SP-API) body, parsed. */
  form: URLSearchParams;
  json: unknown;
}

export type Route = (request: SeenRequest) => TransportResponse | Promise<TransportResponse>;

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': `req-${status}`, ...headers },
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** An SP-API error response `{ errors: [{ code, message, details }] }`. */
export function spError(status: number, code: string, message: string, details?: string): TransportResponse {
  return json(status, { errors: [{ code, message, ...(details === undefined ? {} : { details }) }] });
}

/** A transport failure like Node's (`code` on the error). */
export function networkFailure(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** Whether the request is an LWA token request. */
export const isLwa = (request: SeenRequest): boolean => request.path === '/auth/o2/token';

/**
 * A fake transport that records every request and answers from `route`. LWA token requests get a fresh
 * `Atza|` token (numbered) unless `route` answers them itself (return `undefined` to fall through).
 */
export function fakeAmazon(
  route: (request: SeenRequest) => TransportResponse | undefined | Promise<TransportResponse | undefined>,
) {
  const requests: SeenRequest[] = [];
  let issued = 0;
  const transport: Transport = async (request) => {
    const url = new URL(request.url);
    let parsed: unknown;
    try {
      parsed = request.body ? JSON.parse(request.body) : undefined;
    } catch {
      parsed = undefined;
    }
    const seen: SeenRequest = {
      method: request.method,
      url: request.url,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: request.body,
      form: new URLSearchParams(request.body ?? ''),
      json: parsed,
    };
    requests.push(seen);
    const answer = await route(seen);
    if (answer) return answer;
    if (isLwa(seen)) {
      issued += 1;
      return json(200, { access_token: `Atza|token-${issued}`, token_type: 'bearer', expires_in: 3600 });
    }
    throw new Error(`fake Amazon has no route for ${request.method} ${url.pathname}`);
  };
  return {
    transport,
    requests,
    lwaRequests: () => requests.filter(isLwa),
    spApiRequests: () => requests.filter((r) => !isLwa(r)),
  };
}

/** Credentials every test client uses; the secrets are scanned for in the redaction test. */
export const CREDENTIALS = {
  clientId: 'amzn1.application-oa2-client.test',
  clientSecret: 'amzn1.oa2-cs.v1.supersecretvalue',
  refreshToken: 'Atzr|refresh-token-secret',
} as const;
