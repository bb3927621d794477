import { hostOf } from '../host-of.js';
import { isDocumentTransferError } from './document-transfer-error.js';
import { s3Refusal } from './s3-refusal.js';
import { transferNetworkError, transferRedirect, transferTimeout } from './transfer-failure.js';
import { type DocumentTransferOptions, resolveTransferOptions } from './transfer-options.js';

/** A feed document as createFeedDocument returns it. */
export interface FeedDocumentTarget {
  feedDocumentId: string;
  /** The presigned upload URL: a credential for 5 minutes, never logged. */
  url: string;
}

// A PUT of the same bytes to the same key is idempotent, so a failed attempt (5xx, reset, timeout) is sent
// again: three attempts, one and two seconds apart.
const UPLOAD_ATTEMPTS = 3;
const UPLOAD_BACKOFF_MS = 1000;

/**
 * Uploads a feed's content to the URL of createFeedDocument with `Content-Type: contentType`, which must be
 * exactly the type declared there (the URL signs it). The body is sent whole, with its length, as S3 wants
 * for a presigned PUT. S3's refusals become a {@link DocumentTransferError}; a `SignatureDoesNotMatch` over
 * the content type has diagnosis `FEED_UPLOAD_CONTENT_TYPE`, naming the declared and the received type.
 */
export async function uploadFeedDocument(
  document: FeedDocumentTarget,
  content: string | Uint8Array,
  contentType: string,
  options: DocumentTransferOptions & { signal?: AbortSignal } = {},
): Promise<void> {
  const { clock, logger } = resolveTransferOptions(options);
  const where = {
    transfer: 'upload' as const,
    documentId: document.feedDocumentId,
    host: hostOf(document.url),
  };
  const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  for (let attempt = 1; ; attempt++) {
    try {
      await putOnce(document.url, body, contentType, where, options);
      logger.debug(
        { documentId: where.documentId, host: where.host, bytes: body.byteLength, attempt },
        'feed document uploaded',
      );
      return;
    } catch (error) {
      if (!isDocumentTransferError(error) || !error.retryable || attempt >= UPLOAD_ATTEMPTS) throw error;
      const waitMs = UPLOAD_BACKOFF_MS * attempt;
      logger.debug(
        { documentId: where.documentId, host: where.host, attempt, waitMs, code: error.diagnosis.code },
        'feed document upload failed, retrying',
      );
      await clock.sleep(waitMs, options.signal);
    }
  }
}

async function putOnce(
  url: string,
  body: Uint8Array,
  contentType: string,
  where: { transfer: 'upload'; documentId: string; host: string },
  options: DocumentTransferOptions & { signal?: AbortSignal },
): Promise<void> {
  const { clock, timeoutMs, fetch } = resolveTransferOptions(options);
  const { signal } = options;
  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimer(timeoutMs, () => {
    timedOut = true;
    controller.abort();
  });
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let status: number;
    let text: string;
    let location: string | null;
    try {
      const response = await fetch(url, {
        method: 'PUT',
        headers: { 'content-type': contentType },
        body,
        redirect: 'manual',
        signal: controller.signal,
      });
      status = response.status;
      location = response.headers.get('location');
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (timedOut) throw transferTimeout(where, timeoutMs);
      throw transferNetworkError(where, error);
    }
    if (status >= 200 && status < 300) return;
    if (status >= 300 && status < 400) throw transferRedirect(where, status, location);
    throw s3Refusal(status, text, { ...where, declaredContentType: contentType });
  } finally {
    timer.cancel();
    signal?.removeEventListener('abort', onAbort);
  }
}
