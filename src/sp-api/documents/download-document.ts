import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Clock } from '../../time/clock.js';
import { hostOf } from '../host-of.js';
import { DocumentTransferError, isDocumentTransferError } from './document-transfer-error.js';
import { s3Refusal } from './s3-refusal.js';
import { transferNetworkError, transferRedirect, transferTimeout } from './transfer-failure.js';
import { type DocumentTransferOptions, resolveTransferOptions } from './transfer-options.js';

/** A document as getFeedDocument and getReportDocument describe it. */
export interface DocumentSource {
  documentId: string;
  /** The presigned download URL: a credential for 5 minutes, never logged. */
  url: string;
  /** `GZIP` when the stored bytes are gzipped and must be decompressed. */
  compressionAlgorithm?: string | undefined;
}

/** The decompressed content of a document, as a byte stream, with what S3 said about it. */
export interface DocumentStream extends Readable {
  /** The `Content-Type` S3 served (for a gzipped document, usually `application/octet-stream`). */
  contentType: string | undefined;
}

type Where = { transfer: 'download'; documentId: string; host: string };

/**
 * Downloads a document from its presigned URL as a stream, gunzipped when `compressionAlgorithm` is `GZIP`
 * (unless S3 already sent it with `Content-Encoding: gzip`, which `fetch` decodes). Nothing is buffered
 * beyond the stream's own high-water mark: bytes are read from the network as the caller reads them.
 * Refusals become a {@link DocumentTransferError}, as do a stalled body and gzip that does not decompress
 * (emitted as the stream's `error`).
 */
export async function downloadDocument(
  document: DocumentSource,
  options: DocumentTransferOptions & { signal?: AbortSignal } = {},
): Promise<DocumentStream> {
  const { clock, timeoutMs, fetch, logger } = resolveTransferOptions(options);
  const { signal } = options;
  const where: Where = { transfer: 'download', documentId: document.documentId, host: hostOf(document.url) };
  signal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = clock.setTimer(timeoutMs, () => {
    timedOut = true;
    controller.abort();
  });
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let response: Response;
  try {
    response = await fetch(document.url, { method: 'GET', redirect: 'manual', signal: controller.signal });
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted) throw signal.reason;
    if (timedOut) throw transferTimeout(where, timeoutMs);
    throw transferNetworkError(where, error);
  } finally {
    timer.cancel();
  }
  if (response.status < 200 || response.status >= 300) {
    signal?.removeEventListener('abort', onAbort);
    const text = await response.text().catch(() => '');
    if (response.status >= 300 && response.status < 400) {
      throw transferRedirect(where, response.status, response.headers.get('location'));
    }
    throw s3Refusal(response.status, text, where);
  }
  const decoded = response.headers.get('content-encoding')?.toLowerCase() === 'gzip';
  const gzipped = document.compressionAlgorithm?.toUpperCase() === 'GZIP' && !decoded;
  logger.debug({ documentId: where.documentId, host: where.host, gzipped }, 'document download started');

  const body = response.body
    ? watchedBody(response.body, { clock, timeoutMs, where, controller, signal })
    : Readable.from([]);
  body.once('close', () => signal?.removeEventListener('abort', onAbort));
  const content = gzipped ? gunzipped(body, where) : body;
  return Object.assign(content, { contentType: response.headers.get('content-type') ?? undefined });
}

/** `body` gunzipped; a network error passes through as is, bytes that do not gunzip become DOCUMENT_UNREADABLE. */
function gunzipped(body: Readable, where: Where): Readable {
  const gunzip = createGunzip();
  const out = new PassThrough();
  body.once('error', (error) => out.destroy(error));
  gunzip.once('error', (error) => out.destroy(unreadable(where, error)));
  out.once('close', () => {
    body.destroy();
    gunzip.destroy();
  });
  body.pipe(gunzip).pipe(out);
  return out;
}

function unreadable(where: Where, error: Error): DocumentTransferError {
  return new DocumentTransferError({
    ...where,
    message: `download of document ${where.documentId}: the content does not gunzip (${error.message})`,
    diagnosis: {
      code: 'DOCUMENT_UNREADABLE',
      cause:
        'Amazon said the document is GZIP-compressed but its bytes do not decompress: cut off on the way, or decompressed already by a proxy',
      fix: 'download it again with a new URL (getFeedDocument or getReportDocument)',
    },
    cause: error,
  });
}

/**
 * The response body as a Node stream that gives up when the network stalls: the timer runs only while the
 * reader has asked for bytes and none came, so a slow reader is never mistaken for a stalled host.
 */
function watchedBody(
  body: ReadableStream<Uint8Array>,
  context: {
    clock: Clock;
    timeoutMs: number;
    where: Where;
    controller: AbortController;
    signal: AbortSignal | undefined;
  },
): Readable {
  const { clock, timeoutMs, where, controller, signal } = context;
  const reader = body.getReader();
  return new Readable({
    read() {
      const timer = clock.setTimer(timeoutMs, () => this.destroy(transferTimeout(where, timeoutMs)));
      reader.read().then(
        ({ done, value }) => {
          timer.cancel();
          if (this.destroyed) return;
          this.push(done ? null : value);
        },
        (error: unknown) => {
          timer.cancel();
          if (this.destroyed) return;
          if (signal?.aborted) this.destroy(signal.reason as Error);
          else this.destroy(isDocumentTransferError(error) ? error : transferNetworkError(where, error));
        },
      );
    },
    destroy(error, callback) {
      controller.abort();
      reader.cancel().catch(() => {});
      callback(error);
    },
  });
}
