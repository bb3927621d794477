import { gunzipSync, gzipSync } from 'node:zlib';
import type { Prng } from '../prng.js';
import { presign, type SigningKey } from './presigned-url.js';

/** Where a document comes from: a seller's feed upload, a feed's processing report, or a report. */
export type DocumentKind = 'feed' | 'feedResult' | 'report';

/** One document in the emulator's "S3 bucket". */
export interface StoredDocument {
  id: string;
  sellerId: string;
  kind: DocumentKind;
  /** A feed upload: the content type createFeedDocument declared. An output: the type S3 serves it with. */
  contentType: string;
  createdMs: number;
  /** The bytes as stored: a feed upload as sent; an output gzipped when `compressed`. */
  content: Buffer | undefined;
  compressed: boolean;
  uploadedMs?: number;
}

/** The paths the document URLs use; the documents plugin serves them outside the SP-API gateway. */
export const UPLOAD_PREFIX = '/_uploads';
export const DOWNLOAD_PREFIX = '/_downloads';

/**
 * Feed, processing-report and report documents and their presigned URLs, as Amazon keeps them in S3: a feed
 * upload URL takes one `PUT` with exactly the declared `Content-Type`; download URLs take `GET`; both expire
 * after 5 minutes (a new URL comes from getFeedDocument or getReportDocument).
 */
export class DocumentStore {
  readonly key: SigningKey;
  private readonly byId = new Map<string, StoredDocument>();

  constructor(private readonly prng: Prng) {
    this.key = {
      accessKeyId: `AKIA${prng.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
      secretAccessKey: prng.chars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
    };
  }

  /** A feed document waiting for its upload (createFeedDocument). */
  createUpload(sellerId: string, contentType: string, nowMs: number): StoredDocument {
    const doc: StoredDocument = {
      id: this.prng.uuid(),
      sellerId,
      kind: 'feed',
      contentType,
      createdMs: nowMs,
      content: undefined,
      compressed: false,
    };
    this.byId.set(doc.id, doc);
    return doc;
  }

  /** A processing report or report document; gzipped when `compress` (getFeedDocument then says GZIP). */
  createOutput(
    sellerId: string,
    kind: 'feedResult' | 'report',
    region: string,
    text: string,
    contentType: string,
    compress: boolean,
    nowMs: number,
  ): StoredDocument {
    const prefix = kind === 'report' ? 'amzn1.spdoc.1.4' : 'amzn1.tortuga.4';
    const raw = Buffer.from(text, 'utf8');
    const doc: StoredDocument = {
      id: `${prefix}.${region}.${this.prng.uuid()}.T${this.prng.chars(14, '0123456789')}`,
      sellerId,
      kind,
      contentType,
      createdMs: nowMs,
      content: compress ? gzipSync(raw) : raw,
      compressed: compress,
    };
    this.byId.set(doc.id, doc);
    return doc;
  }

  /** Any seller's document, for the URL endpoints (the signature already names the document). */
  find(id: string): StoredDocument | undefined {
    return this.byId.get(id);
  }

  /** The seller's document; another seller's is as unknown as a made-up id. */
  get(sellerId: string, id: string): StoredDocument | undefined {
    const doc = this.byId.get(id);
    return doc?.sellerId === sellerId ? doc : undefined;
  }

  upload(doc: StoredDocument, content: Buffer, nowMs: number): void {
    doc.content = content;
    doc.uploadedMs = nowMs;
  }

  /** The document's content as text, uncompressed (undefined before an upload). */
  text(doc: StoredDocument): string | undefined {
    if (!doc.content) return undefined;
    return (doc.compressed ? gunzipSync(doc.content) : doc.content).toString('utf8');
  }

  /** The presigned URL a feed's contents are uploaded to (createFeedDocument's `url`). */
  uploadUrl(doc: StoredDocument, baseUrl: string, nowMs: number): string {
    const path = `${UPLOAD_PREFIX}/${encodeURIComponent(doc.id)}`;
    const query = presign(
      { method: 'PUT', path, host: new URL(baseUrl).host, contentType: doc.contentType },
      this.key,
      nowMs,
    );
    return `${baseUrl}${path}?${query}`;
  }

  /**
   * The presigned URL a document is downloaded from. With `contentEncoding` (getFeedDocument's and
   * getReportDocument's `enableContentEncodingUrlHeader=true`) a gzipped document comes with
   * `Content-Encoding: gzip`, so HTTP clients decompress it themselves.
   */
  downloadUrl(doc: StoredDocument, baseUrl: string, nowMs: number, contentEncoding: boolean): string {
    const path = `${DOWNLOAD_PREFIX}/${encodeURIComponent(doc.id)}`;
    const extra: Record<string, string> =
      contentEncoding && doc.compressed ? { 'response-content-encoding': 'gzip' } : {};
    const query = presign({ method: 'GET', path, host: new URL(baseUrl).host, extra }, this.key, nowMs);
    return `${baseUrl}${path}?${query}`;
  }
}
