import type { SpApiClient } from '../client.js';
import type { DocumentTransferOptions } from '../documents/transfer-options.js';
import { uploadFeedDocument } from '../documents/upload-feed-document.js';
import { SpApiUsageError } from '../errors/usage-error.js';

/** Content types Amazon's feeds are declared with (Feeds API use case guide). */
export const FEED_CONTENT_TYPES = {
  /** `JSON_LISTINGS_FEED`. */
  json: 'application/json; charset=UTF-8',
  /** XML feeds such as `POST_ORDER_FULFILLMENT_DATA`. */
  xml: 'text/xml; charset=UTF-8',
  /** Flat-file (tab-separated) feeds. */
  tsv: 'text/tab-separated-values; charset=UTF-8',
} as const;

/** What {@link submitFeed} sends. */
export interface SubmitFeedRequest extends DocumentTransferOptions {
  /** Amazon's feed type, e.g. `JSON_LISTINGS_FEED`, `POST_ORDER_FULFILLMENT_DATA`. */
  feedType: string;
  /** The marketplaces the feed applies to (1 to 25). */
  marketplaceIds: string[];
  /** The feed document: text (sent as UTF-8) or bytes. Sent whole, as S3 wants a length for the PUT. */
  content: string | Uint8Array;
  /**
   * Declared at createFeedDocument and sent as the upload's `Content-Type`, exactly (see
   * {@link FEED_CONTENT_TYPES}).
   */
  contentType: string;
  /** createFeed's `feedOptions` (string values), for the feed types that take them. */
  feedOptions?: Record<string, string>;
  /** Stops the calls and the upload. */
  signal?: AbortSignal;
}

/** A submitted feed: wait for it with `waitForFeed(client, feedId, …)`. */
export interface SubmittedFeed {
  feedId: string;
  feedDocumentId: string;
}

function refuse(message: string, fix: string): never {
  throw new SpApiUsageError({
    code: 'INVALID_ARGUMENT',
    operation: 'submitFeed',
    message,
    cause: message,
    fix,
  });
}

/**
 * Submits a feed the way Amazon's Feeds API 2021-06-30 takes one: createFeedDocument with the content
 * type, a `PUT` of the content to the returned presigned URL with exactly that `Content-Type`, then
 * createFeed. The two SP-API calls go through the client (paced, retried, diagnosed); the upload is a
 * plain HTTP request with a timeout, never redirected, its URL never logged. When the upload fails
 * (`DocumentTransferError`, e.g. diagnosis `FEED_UPLOAD_CONTENT_TYPE`), no feed is created.
 */
export async function submitFeed(client: SpApiClient, request: SubmitFeedRequest): Promise<SubmittedFeed> {
  const { feedType, marketplaceIds, content, contentType, feedOptions, signal } = request;
  if (typeof feedType !== 'string' || feedType.trim() === '')
    refuse('feedType is empty', "name Amazon's feed type, e.g. JSON_LISTINGS_FEED");
  if (!Array.isArray(marketplaceIds) || marketplaceIds.length < 1 || marketplaceIds.length > 25)
    refuse(
      `marketplaceIds must hold 1 to 25 marketplace ids (got ${Array.isArray(marketplaceIds) ? marketplaceIds.length : typeof marketplaceIds})`,
      'pass the marketplaces the feed applies to, e.g. ["ATVPDKIKX0DER"]',
    );
  if (typeof contentType !== 'string' || contentType.trim() === '')
    refuse('contentType is empty', `declare the document's type, e.g. '${FEED_CONTENT_TYPES.json}'`);
  const size = typeof content === 'string' ? content.length : content?.byteLength;
  if (!size) refuse('content is empty', 'pass the feed document to upload');

  const document = await client.call('createFeedDocument', {
    body: { contentType },
    ...(signal ? { signal } : {}),
  });
  const { feedDocumentId, url } = document.body;
  await uploadFeedDocument({ feedDocumentId, url }, content, contentType, request);
  const feed = await client.call('createFeed', {
    body: {
      feedType,
      marketplaceIds,
      inputFeedDocumentId: feedDocumentId,
      ...(feedOptions ? { feedOptions } : {}),
    },
    ...(signal ? { signal } : {}),
  });
  return { feedId: feed.body.feedId, feedDocumentId };
}
