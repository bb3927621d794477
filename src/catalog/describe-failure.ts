import { isCsmApiError, isSpApiError } from '../sp-api/index.js';

/**
 * A failure of a stock or price update in words: the client's message with the cause and fix it diagnosed,
 * and, when a patch was sent and its answer lost (a connection cut, a 5xx, a garbled answer: the client
 * does not resend a PATCH then, as it may have been applied), what to do about it. Setting a quantity or a
 * price is absolute, so sending it again is harmless.
 */
export function describeFailure(error: unknown): string {
  if (!isCsmApiError(error)) return error instanceof Error ? error.message : String(error);
  const d = error.diagnosis;
  let text = d ? `${error.message} (cause: ${d.cause}; fix: ${d.fix})` : error.message;
  if (
    isSpApiError(error) &&
    error.operation === 'patchListingsItem' &&
    (error.kind === 'network' || error.kind === 'server' || error.kind === 'invalid-response')
  ) {
    text +=
      '; the change may have been applied before the answer was lost: csm listings show SKU tells, and ' +
      'sending the same value again is safe (it sets, it does not add)';
  }
  return text;
}
