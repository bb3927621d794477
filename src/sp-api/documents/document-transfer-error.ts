import { CsmApiError } from '../errors/csm-api-error.js';
import type { Diagnosis } from '../errors/diagnosis.js';
import { DIAGNOSIS_KINDS } from '../errors/diagnosis-codes.js';

/** Which transfer of a document failed. */
export type DocumentTransfer = 'upload' | 'download';

/**
 * An upload of a feed document to its presigned URL, or a download of a feed result or report document,
 * failed: S3 refused it (`s3Code`, such as `SignatureDoesNotMatch`), answered something unreadable, or did
 * not answer in time. The presigned URL is never kept on the error (it is a credential for five minutes):
 * only its host and the document id. `diagnosis.code` says what to do (`FEED_UPLOAD_CONTENT_TYPE`,
 * `DOCUMENT_URL_EXPIRED`, …).
 */
export class DocumentTransferError extends CsmApiError {
  override readonly name = 'DocumentTransferError';
  declare readonly diagnosis: Diagnosis;
  readonly transfer: DocumentTransfer;
  /** The feed document or report document id. */
  readonly documentId: string;
  /** The host of the presigned URL (never its path or query). */
  readonly host: string;
  /** HTTP status, when an answer arrived. */
  readonly status: number | undefined;
  /** S3's `<Code>`, when S3 sent an XML error. */
  readonly s3Code: string | undefined;

  constructor(fields: {
    transfer: DocumentTransfer;
    documentId: string;
    host: string;
    status?: number;
    s3Code?: string;
    message: string;
    diagnosis: Diagnosis;
    retryable?: boolean;
    cause?: Error;
  }) {
    super(fields.message, {
      kind: DIAGNOSIS_KINDS[fields.diagnosis.code],
      retryable: fields.retryable ?? false,
      diagnosis: fields.diagnosis,
      ...(fields.cause ? { cause: fields.cause } : {}),
    });
    this.transfer = fields.transfer;
    this.documentId = fields.documentId;
    this.host = fields.host;
    this.status = fields.status;
    this.s3Code = fields.s3Code;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      transfer: this.transfer,
      documentId: this.documentId,
      host: this.host,
      status: this.status,
      s3Code: this.s3Code,
      retryable: this.retryable,
      diagnosis: this.diagnosis,
    };
  }
}

/** Whether `error` is a {@link DocumentTransferError} (also by name, for two copies of the package). */
export function isDocumentTransferError(error: unknown): error is DocumentTransferError {
  if (error instanceof DocumentTransferError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, kind } = error as { name?: unknown; kind?: unknown };
  return name === 'DocumentTransferError' && typeof kind === 'string';
}
