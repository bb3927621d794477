import { spApiErrorFromResponse, spApiInvalidResponse, spApiNetworkError } from './errors/error-factory.js';
import type { CallResult, Handler } from './pipeline.js';
import type { Transport } from './transport.js';

/**
 * The bottom of the pipeline: hands the request to the transport and decodes the answer. A 2xx becomes a
 * `CallResult` with the body parsed exactly as Amazon sent it (no `payload` unwrapping); anything else is
 * thrown as an `SpApiError` built by the error factory.
 */
export function createSend(transport: Transport, sandbox: boolean): Handler {
  return async ({ operation, request, signal }) => {
    let response: Awaited<ReturnType<Transport>>;
    try {
      response = await transport({ ...request, ...(signal ? { signal } : {}) });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw spApiNetworkError(operation, error);
    }
    const headers = lowerCaseKeys(response.headers);
    if (response.status < 200 || response.status >= 300) {
      throw spApiErrorFromResponse({
        operation,
        status: response.status,
        headers,
        body: response.body,
        sandbox,
      });
    }
    const result: CallResult = {
      status: response.status,
      headers,
      body: undefined,
      requestId: headers['x-amzn-requestid'],
    };
    if (response.body.trim() === '') return result;
    try {
      result.body = JSON.parse(response.body);
    } catch {
      throw spApiInvalidResponse(operation, response.status, headers);
    }
    return result;
  };
}

// The transport contract asks for lower-case names; a custom transport may not comply.
function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
