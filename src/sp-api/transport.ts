/** One HTTP request as the client hands it to the transport. */
export interface TransportRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** One HTTP response as the transport hands it back. */
export interface TransportResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * The one function that sends HTTP. Every layer (retry, rate limit, auth, log) wraps it, and so does the
 * LWA token request. It resolves for every HTTP status and rejects only when no complete response arrived
 * (connection refused or reset, DNS failure, timeout, body cut off); the rejection's `code` (or its
 * `cause.code`) tells the retry rule whether the request may have reached the server. It must **not**
 * follow redirects: a 3xx is handed back as is, and the client refuses it, because following it would
 * carry the token (or the client secret) to the host `Location` names. It should stop when `signal`
 * aborts; the client's timeouts give up on it either way.
 */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/** Options of {@link createFetchTransport}. */
export interface FetchTransportOptions {
  /**
   * Gives up on a request (headers and body) after this long, as a network error with code `ETIMEDOUT`, on
   * the wall clock. The client's own `attemptTimeoutMs` and `callTimeoutMs` already bound every attempt.
   * @default undefined (no limit of the transport's own)
   */
  timeoutMs?: number;
}

/** The default transport: Node's global `fetch`, redirects handed back, never followed. */
export function createFetchTransport(options: FetchTransportOptions = {}): Transport {
  const { timeoutMs } = options;
  return async (request) => {
    const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
    const signals = [request.signal, timeout].filter((s): s is AbortSignal => s !== undefined);
    const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
    try {
      const init: RequestInit = { method: request.method, headers: request.headers, redirect: 'manual' };
      if (signal) init.signal = signal;
      if (request.body !== undefined) init.body = request.body;
      const response = await fetch(request.url, init);
      // Reading the body is part of the request: a connection dropped mid-body rejects here.
      const body = await response.text();
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: response.status, headers, body };
    } catch (error) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout?.aborted) {
        throw Object.assign(new Error(`request timed out after ${timeoutMs} ms`), { code: 'ETIMEDOUT' });
      }
      throw error;
    }
  };
}
