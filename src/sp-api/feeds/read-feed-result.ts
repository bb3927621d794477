import type { Readable } from 'node:stream';
import type { SpApiClient } from '../client.js';
import { DocumentTransferError } from '../documents/document-transfer-error.js';
import { downloadDocument } from '../documents/download-document.js';
import type { DocumentTransferOptions } from '../documents/transfer-options.js';
import type { FeedResult } from './feed-result.js';
import { parseListingsFeedReport } from './parse-listings-feed-report.js';
import { XmlProcessingReportReader } from './xml-processing-report-reader.js';

/**
 * Reads a feed's processing report: getFeedDocument (through the client), then the document from its
 * presigned URL, gunzipped when Amazon says `compressionAlgorithm: GZIP`, parsed as it streams in. Both
 * report formats are read: JSON_LISTINGS_FEED's JSON report (buffered, then parsed; it is one JSON value)
 * and the XML `ProcessingReport` of XML feeds such as POST_ORDER_FULFILLMENT_DATA (streamed, one `<Result>`
 * at a time). The result maps each message id to its outcome (`result.outcomeOf(messageId)`).
 */
export async function readFeedResult(
  client: SpApiClient,
  resultFeedDocumentId: string,
  options: DocumentTransferOptions & { signal?: AbortSignal } = {},
): Promise<FeedResult> {
  const { signal } = options;
  const document = await client.call('getFeedDocument', {
    path: { feedDocumentId: resultFeedDocumentId },
    ...(signal ? { signal } : {}),
  });
  const { feedDocumentId, url, compressionAlgorithm } = document.body;
  const stream = await downloadDocument({ documentId: feedDocumentId, url, compressionAlgorithm }, options);
  try {
    return await parseFeedReport(stream);
  } catch (error) {
    if (error instanceof Error && !(error instanceof DocumentTransferError) && !signal?.aborted) {
      throw notAReport(resultFeedDocumentId, new URL(url).host, error);
    }
    throw error;
  } finally {
    stream.destroy();
  }
}

/**
 * Parses a processing report from its decompressed bytes (or text), JSON or XML as its first character
 * says. Exported for reports kept on disk.
 */
export async function parseFeedReport(
  content: Readable | AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): Promise<FeedResult> {
  const decoder = new TextDecoder('utf-8');
  let format: 'json' | 'xml' | undefined;
  let json = '';
  const xml = new XmlProcessingReportReader();
  const take = (text: string): void => {
    if (format === undefined) {
      const first = /\S/.exec(text.replace(/^\uFEFF/, ''));
      if (!first) return;
      if (first[0] === '{') format = 'json';
      else if (first[0] === '<') format = 'xml';
      else throw new Error(`it starts with '${first[0]}', neither a JSON nor an XML processing report`);
    }
    if (format === 'json') json += text;
    else xml.push(text);
  };
  for await (const chunk of content) {
    take(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
  }
  take(decoder.decode());
  if (format === 'json') return parseListingsFeedReport(JSON.parse(json));
  if (format === 'xml') return xml.result();
  throw new Error('the document is empty');
}

function notAReport(documentId: string, host: string, error: Error): DocumentTransferError {
  return new DocumentTransferError({
    transfer: 'download',
    documentId,
    host,
    message: `feed result ${documentId} is not a processing report the client can read: ${error.message}`,
    diagnosis: {
      code: 'DOCUMENT_UNREADABLE',
      cause:
        'the document is neither JSON_LISTINGS_FEED’s JSON report nor an XML ProcessingReport (a flat-file feed’s tab-separated report, or a document cut off on the way)',
      fix: 'download it with readReportDocument-style streaming (downloadDocument) and read it as text; for a cut-off document, read it again',
    },
    cause: error,
  });
}
