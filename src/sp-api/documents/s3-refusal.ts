import type { Diagnosis } from '../errors/diagnosis.js';
import { type DocumentTransfer, DocumentTransferError } from './document-transfer-error.js';
import { xmlElement } from './xml-elements.js';

/** What the client knows about the transfer S3 refused. */
export interface RefusedTransfer {
  transfer: DocumentTransfer;
  documentId: string;
  host: string;
  /** For an upload: the content type declared at createFeedDocument (and sent). */
  declaredContentType?: string;
}

// SigV4 folds runs of spaces in a header value to one; a difference of spaces alone is no mismatch.
const fold = (value: string): string => value.trim().replace(/\s+/g, ' ');

/**
 * The content type S3 says it received: the `content-type:` line of the `<CanonicalRequest>` S3 returns
 * with `SignatureDoesNotMatch` (undefined when S3 did not say; `null` when the request had none).
 */
function receivedContentType(xml: string): string | null | undefined {
  const canonical = xmlElement(xml, 'CanonicalRequest');
  if (canonical === undefined) return undefined;
  const line = canonical.split('\n').find((l) => l.toLowerCase().startsWith('content-type:'));
  return line === undefined ? null : line.slice('content-type:'.length).trim();
}

/**
 * Turns S3's refusal of a presigned-URL request (status and XML `<Error>` body) into a
 * {@link DocumentTransferError} with a diagnosis. Only `<Code>`, `<Message>` and the content-type line of the
 * canonical request are read: the rest (`StringToSign`, the access key id) stays out of the error.
 */
export function s3Refusal(status: number, body: string, refused: RefusedTransfer): DocumentTransferError {
  const s3Code = xmlElement(body, 'Code');
  const s3Message = xmlElement(body, 'Message');
  const what =
    refused.transfer === 'upload'
      ? `upload of feed document ${refused.documentId}`
      : `download of document ${refused.documentId}`;
  const said = s3Code ? `${status} ${s3Code}${s3Message ? `: ${s3Message}` : ''}` : `HTTP ${status}`;
  let diagnosis: Diagnosis;
  let detail = '';
  const renew =
    refused.transfer === 'upload'
      ? 'create a new feed document (createFeedDocument) and upload to its URL at once'
      : 'ask for a new URL (getFeedDocument or getReportDocument) and download at once';

  if (s3Code === 'SignatureDoesNotMatch' && refused.transfer === 'upload') {
    const declared = refused.declaredContentType ?? '';
    const received = receivedContentType(body);
    if (received !== undefined && received !== null && fold(received) === fold(declared)) {
      diagnosis = {
        code: 'DOCUMENT_ACCESS_DENIED',
        cause: `S3 received the declared Content-Type '${declared}', so the signature failed for another reason: the URL was altered on the way (its query decoded or re-encoded, a parameter dropped), or the PUT went to another host or path`,
        fix: `send the PUT to the url exactly as createFeedDocument returned it; ${renew}`,
      };
    } else {
      const receivedText = received === null ? 'no Content-Type at all' : `'${received ?? 'unknown'}'`;
      detail = `: declared Content-Type '${declared}', S3 received ${receivedText}`;
      diagnosis = {
        code: 'FEED_UPLOAD_CONTENT_TYPE',
        cause: `the upload URL is signed for the Content-Type declared at createFeedDocument ('${declared}'), byte for byte, and the PUT carried ${receivedText}: something between the client and S3 (an HTTP library that adds '; charset=…' or picks a type from the body, a proxy) rewrote the header, or the content was uploaded by other code with another type`,
        fix: `upload with the header Content-Type: ${declared} exactly (send the body as bytes so no library sets its own type), or declare at createFeedDocument the type the upload really carries; then ${renew}`,
      };
    }
  } else if (s3Code === 'AccessDenied' && /expired/i.test(s3Message ?? '')) {
    diagnosis = {
      code: 'DOCUMENT_URL_EXPIRED',
      cause:
        "Amazon's presigned document URLs are valid for 5 minutes; this one was used later (or this machine's clock is far off)",
      fix: `${renew}; check the system clock`,
    };
  } else if (status === 403) {
    diagnosis = {
      code: 'DOCUMENT_ACCESS_DENIED',
      cause:
        'S3 refused the presigned URL: it was altered on the way (its query decoded or re-encoded, a parameter dropped), used with another method, or is not a presigned URL',
      fix: `use the url exactly as Amazon returned it; ${renew}`,
    };
  } else if (status === 404 || s3Code === 'NoSuchKey') {
    diagnosis = {
      code: 'DOCUMENT_NOT_FOUND',
      cause:
        'the document is not (or no longer) in the bucket: not uploaded yet, or deleted after its retention',
      fix: 'check the document id; a processing report or report document is kept for a limited time, request it again',
    };
  } else {
    diagnosis = {
      code: 'DOCUMENT_TRANSFER_FAILED',
      cause:
        status >= 500 || s3Code === 'SlowDown'
          ? 'S3 failed or asked to slow down; this is usually brief'
          : `S3 refused the request (${s3Code ?? `HTTP ${status}`})`,
      fix: status >= 500 ? 'try again in a little while' : `read S3's message; ${renew}`,
    };
  }
  return new DocumentTransferError({
    transfer: refused.transfer,
    documentId: refused.documentId,
    host: refused.host,
    status,
    ...(s3Code ? { s3Code } : {}),
    message: `${what} refused by S3 (${said})${detail}`,
    diagnosis,
    retryable: status >= 500 || s3Code === 'SlowDown',
  });
}
