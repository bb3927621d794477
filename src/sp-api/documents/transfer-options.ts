import { type Clock, realClock } from '../../time/clock.js';
import { type Logger, silentLogger } from '../log/logger.js';

/**
 * How feed and report documents travel to and from their presigned S3 URLs. These requests are not SP-API
 * calls: they carry no access token (the URL's signature is the credential), so they do not go through
 * the client's layers; they have their own timeout and are never redirected.
 */
export interface DocumentTransferOptions {
  /**
   * Source of time for the timeouts and upload retries.
   * @default realClock
   */
  clock?: Clock;
  /**
   * An upload is given up after this long without an answer; a download when its headers, or its next
   * bytes while the reader waits for them, take longer than this.
   * @default 60000
   */
  timeoutMs?: number;
  /**
   * The `fetch` that sends the request, e.g. one going through a proxy. It is called with
   * `redirect: 'manual'` and must hand redirects back, not follow them.
   * @default globalThis.fetch
   */
  fetch?: typeof fetch;
  /**
   * Where transfers are logged (host and document id only: a presigned URL is never logged).
   * @default silentLogger
   */
  logger?: Logger;
}

/** {@link DocumentTransferOptions} with every default filled. */
export interface ResolvedTransferOptions {
  clock: Clock;
  timeoutMs: number;
  fetch: typeof fetch;
  logger: Logger;
}

export const TRANSFER_DEFAULTS = { timeoutMs: 60_000 } as const;

export function resolveTransferOptions(options: DocumentTransferOptions = {}): ResolvedTransferOptions {
  return {
    clock: options.clock ?? realClock,
    timeoutMs: options.timeoutMs ?? TRANSFER_DEFAULTS.timeoutMs,
    // Looked up at call time, so a test or an agent that replaces the global is honoured.
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
    logger: options.logger ?? silentLogger,
  };
}
