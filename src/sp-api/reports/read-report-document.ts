import type { SpApiClient } from '../client.js';
import { type DocumentStream, downloadDocument } from '../documents/download-document.js';
import type { DocumentTransferOptions } from '../documents/transfer-options.js';

/**
 * A report's content as a Node `Readable` of its bytes, decompressed: getReportDocument (through the client)
 * for a fresh presigned URL, then the document, gunzipped as it streams when Amazon says
 * `compressionAlgorithm: GZIP`. Bytes are read from the network as the caller reads them. `contentType` on
 * the stream is what S3 served (its charset tells how to decode text; see `parseTabSeparatedReport`).
 */
export async function readReportDocument(
  client: SpApiClient,
  reportDocumentId: string,
  options: DocumentTransferOptions & { signal?: AbortSignal } = {},
): Promise<DocumentStream> {
  const { signal } = options;
  const document = await client.call('getReportDocument', {
    path: { reportDocumentId },
    ...(signal ? { signal } : {}),
  });
  const { url, compressionAlgorithm } = document.body;
  return downloadDocument({ documentId: document.body.reportDocumentId, url, compressionAlgorithm }, options);
}
