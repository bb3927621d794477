import { invalidInput, notFound, unauthorized } from '../amazon-error-response.js';
import type { StoredDocument } from '../documents/document-store.js';
import type { StoredFeed } from '../feeds/feed-store.js';
import type { OperationContext } from '../operation.js';
import { FEED_TYPE_ROLES, holdsAny, REPORT_TYPE_ROLES } from '../roles.js';

/** The caller's feed named by the `feedId` path parameter, or 404. */
export function requireFeed(ctx: OperationContext): StoredFeed {
  const feedId = ctx.pathParams.feedId ?? '';
  const feed = ctx.state.feeds.get(ctx.caller.sellerId, feedId);
  if (!feed) throw notFound(`Feed ${feedId} was not found.`);
  requireTypeRoles(ctx, 'feed', feed.feedType);
  return feed;
}

/** A feed or report type needs one of its roles (Amazon's role mappings for types); 403 without. */
export function requireTypeRoles(ctx: OperationContext, kind: 'feed' | 'report', type: string): void {
  const roles = (kind === 'feed' ? FEED_TYPE_ROLES : REPORT_TYPE_ROLES)[type];
  if (roles && !holdsAny(ctx.state.roles, roles)) throw unauthorized('');
}

/**
 * A document's answer (getFeedDocument, getReportDocument): its id, a download URL valid for 5 minutes, and
 * `compressionAlgorithm: GZIP` when it is stored gzipped.
 */
export function documentAnswer(
  ctx: OperationContext,
  doc: StoredDocument,
  idField: 'feedDocumentId' | 'reportDocumentId',
): Record<string, string> {
  const contentEncoding = ctx.params.enableContentEncodingUrlHeader === true;
  const answer: Record<string, string> = {
    [idField]: doc.id,
    url: ctx.state.documents.downloadUrl(doc, ctx.baseUrl, ctx.now, contentEncoding),
  };
  if (doc.compressed) answer.compressionAlgorithm = 'GZIP';
  return answer;
}

/** Reads a JSON body field that must be a list of 1 to `max` strings. */
export function stringList(body: Record<string, unknown>, field: string, max: number): string[] {
  const value = body[field];
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > max ||
    !value.every((v) => typeof v === 'string' && v !== '')
  ) {
    throw invalidInput(`Invalid field '${field}': expected 1 to ${max} marketplace ids.`);
  }
  return value as string[];
}

/** Reads an optional JSON body field that must be an object of strings (feedOptions, reportOptions). */
export function stringMap(body: Record<string, unknown>, field: string): Record<string, string> | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    !Object.values(value).every((v) => typeof v === 'string')
  ) {
    throw invalidInput(`Invalid field '${field}': expected an object of string values.`);
  }
  return value as Record<string, string>;
}
