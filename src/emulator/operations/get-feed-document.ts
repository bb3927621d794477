import { notFound } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { documentAnswer } from './feed-helpers.js';

/**
 * `GET /feeds/2021-06-30/documents/{feedDocumentId}`: a download URL for a feed's processing report (or an
 * uploaded feed document), with `compressionAlgorithm: GZIP` when it is gzipped.
 */
export const getFeedDocument: OperationDefinition = {
  key: 'getFeedDocument',
  handle(ctx) {
    const id = ctx.pathParams.feedDocumentId ?? '';
    const doc = ctx.state.documents.get(ctx.caller.sellerId, id);
    if (!doc || doc.kind === 'report' || doc.content === undefined)
      throw notFound(`Feed document ${id} was not found.`);
    return { body: documentAnswer(ctx, doc, 'feedDocumentId') };
  },
};
