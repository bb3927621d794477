import { notFound } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { documentAnswer } from './feed-helpers.js';

/** `GET /reports/2021-06-30/documents/{reportDocumentId}`: a download URL for a report's document. */
export const getReportDocument: OperationDefinition = {
  key: 'getReportDocument',
  handle(ctx) {
    const id = ctx.pathParams.reportDocumentId ?? '';
    const doc = ctx.state.documents.get(ctx.caller.sellerId, id);
    if (doc?.kind !== 'report') throw notFound(`Report document ${id} was not found.`);
    return { body: documentAnswer(ctx, doc, 'reportDocumentId') };
  },
};
