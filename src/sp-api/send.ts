import type { Clock } from '../time/clock.js';
import {
  spApiErrorFromResponse,
  spApiInvalidResponse,
  spApiNetworkError,
  spApiRedirect,
  spApiTimeout,
} from './errors/error-factory.js';
import type { CallResult, Handler } from './pipeline.js';
import type { Redactor } from './redact.js';
import type { Transport, TransportResponse } from './transport.js';

/** What the bottom of the pipeline needs besides the transport. */
export interface SendOptions {
  sandbox: boolean;
  clock: Clock;
  /** Gives up on an attempt that has no complete answer after this long. */
  attemptTimeoutMs: number;
  /** The call's deadline, for messages (the deadline itself comes with each call). */
  callTimeoutMs: number;
  redactor: Pick<Redactor, 'text' | 'value'>;
}

// Why the attempt's own signal aborted.
const ATTEMPT_TIMED_OUT = Symbol('attempt timed out');

/**
 * The bottom of the pipeline: hands the request to the transport and decodes the answer. A 2xx becomes a
 * `CallResult` with the body parsed exactly as Amazon sent it (no `payload` unwrapping); a 3xx is refused
 * (never followed); anything else is thrown as an `SpApiError` built by the error factory. Each attempt
 * ends after `attemptTimeoutMs`, or at the call's deadline if that comes first, even with a transport that
 * ignores its signal.
 */
export function createSend(transport: Transport, options: SendOptions): Handler {
  const { clock, redactor } = options;
  return async ({ operation, request, signal, deadline }) => {
    const remaining = deadline.remainingMs();
    const limitMs = Math.min(options.attemptTimeoutMs, remaining);
    const which = limitMs < options.attemptTimeoutMs ? 'call' : 'attempt';
    const timedOut = () =>
      spApiTimeout({
        operation,
        url: request.url,
        which,
        afterMs: which === 'call' ? options.callTimeoutMs : limitMs,
      });
    if (limitMs <= 0) throw timedOut();
    const controller = new AbortController();
    const stop = signal ? AbortSignal.any([signal, controller.signal]) : controller.signal;
    let timer: ReturnType<Clock['setTimer']> | undefined;
    const expiry = new Promise<never>((_resolve, reject) => {
      timer = clock.setTimer(limitMs, () => {
        controller.abort(ATTEMPT_TIMED_OUT);
        reject(ATTEMPT_TIMED_OUT);
      });
    });
    expiry.catch(() => {});
    let response: TransportResponse;
    try {
      response = await Promise.race([transport({ ...request, signal: stop }), expiry]);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (controller.signal.aborted) throw timedOut();
      throw spApiNetworkError(operation, error, redactor);
    } finally {
      timer?.cancel();
    }
    const headers = lowerCaseKeys(response.headers);
    if (response.status >= 300 && response.status < 400) {
      throw spApiRedirect({
        operation,
        status: response.status,
        headers,
        url: request.url,
        redact: redactor,
      });
    }
    if (response.status < 200 || response.status >= 300) {
      throw spApiErrorFromResponse({
        operation,
        status: response.status,
        headers,
        body: response.body,
        sandbox: options.sandbox,
        request,
        redact: redactor,
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
      throw spApiInvalidResponse(operation, response.status, headers, redactor);
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
