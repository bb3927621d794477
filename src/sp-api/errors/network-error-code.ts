// Codes of failures that happen before any byte of the request left the machine.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** A transport failure's code and whether the request may have reached the server. */
export interface NetworkFailure {
  errorCode: string;
  reachedServer: boolean;
  message: string;
}

/**
 * Reads a transport rejection: Node puts the code on the error (`ECONNRESET`), undici's `fetch` on its
 * cause (`TypeError: fetch failed` with `cause.code`). Unknown failures count as "may have reached the
 * server", so the retry rule stays on the safe side for writes.
 */
export function classifyNetworkFailure(error: unknown): NetworkFailure {
  const message = error instanceof Error ? error.message : String(error);
  const own = codeOf(error);
  const cause = error instanceof Error ? codeOf(error.cause) : undefined;
  const errorCode =
    (own && own !== 'ERR_INVALID_STATE' ? own : undefined) ??
    cause ??
    (/socket hang up/i.test(message) ? 'ECONNRESET' : undefined) ??
    'NETWORK_ERROR';
  return { errorCode, reachedServer: !NOT_SENT.has(errorCode), message };
}

function codeOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}
