import { classifyNetworkFailure } from '../errors/network-error-code.js';
import { type DocumentTransfer, DocumentTransferError } from './document-transfer-error.js';

interface Where {
  transfer: DocumentTransfer;
  documentId: string;
  host: string;
}

const verb = (where: Where): string =>
  where.transfer === 'upload'
    ? `upload of feed document ${where.documentId}`
    : `download of document ${where.documentId}`;

/** No answer within the transfer's timeout. */
export function transferTimeout(where: Where, timeoutMs: number): DocumentTransferError {
  return new DocumentTransferError({
    ...where,
    message: `${verb(where)}: no answer from ${where.host} within ${timeoutMs} ms`,
    diagnosis: {
      code: 'ATTEMPT_TIMEOUT',
      cause: `the document host ${where.host} accepted the connection but sent nothing for ${timeoutMs} ms (a stalled network or proxy)`,
      fix: 'try again; raise timeoutMs for a very slow link',
    },
    retryable: true,
  });
}

/**
 * A failure without a complete answer (refused, reset, DNS). Only the failure's code is kept: undici's
 * errors can name the request, and the request's URL is a credential.
 */
export function transferNetworkError(where: Where, error: unknown): DocumentTransferError {
  const { errorCode } = classifyNetworkFailure(error);
  return new DocumentTransferError({
    ...where,
    message: `${verb(where)}: no complete answer from ${where.host} (${errorCode})`,
    diagnosis: {
      code: 'NETWORK_ERROR',
      cause: `the connection to ${where.host} failed (${errorCode})`,
      fix: 'check the network, DNS and any proxy between this machine and Amazon S3, then try again',
    },
    retryable: true,
  });
}

/** A 3xx: never followed, since the presigned URL is the only place the content may go. */
export function transferRedirect(
  where: Where,
  status: number,
  location: string | null,
): DocumentTransferError {
  let target = 'an unnamed host';
  try {
    if (location) target = new URL(location, `https://${where.host}`).host;
  } catch {
    target = 'an unreadable Location';
  }
  return new DocumentTransferError({
    ...where,
    status,
    message: `${verb(where)}: ${where.host} answered ${status} redirecting to ${target}, not followed`,
    diagnosis: {
      code: 'REDIRECT_REFUSED',
      cause: `S3 does not redirect presigned requests; a proxy, or a URL that is not Amazon's, answered with a redirect to ${target}`,
      fix: 'use the url exactly as Amazon returned it and check any proxy in between',
    },
  });
}
