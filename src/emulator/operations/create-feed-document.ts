import type { OperationDefinition } from '../operation.js';
import { bodyObject, requiredString } from './body-fields.js';

/**
 * `POST /feeds/2021-06-30/documents` → 201 `{ feedDocumentId, url }`. The url is the emulator's presigned
 * upload URL (`/_uploads/{id}?X-Amz-…`): one PUT with exactly the declared `contentType`, within 5 minutes.
 */
export const createFeedDocument: OperationDefinition = {
  key: 'createFeedDocument',
  handle(ctx) {
    const body = bodyObject(ctx.body, 'body');
    const contentType = requiredString(body, 'contentType', '');
    const doc = ctx.state.documents.createUpload(ctx.caller.sellerId, contentType, ctx.now);
    return {
      body: { feedDocumentId: doc.id, url: ctx.state.documents.uploadUrl(doc, ctx.baseUrl, ctx.now) },
    };
  },
};
