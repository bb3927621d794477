import { invalidInput } from '../amazon-error-response.js';
import { PROCESSED_FEED_TYPES, RETIRED_FEED_TYPES, UNPROCESSED_FEED_TYPES } from '../feeds/feed-types.js';
import type { OperationDefinition } from '../operation.js';
import { bodyObject, requiredString } from './body-fields.js';
import { requireTypeRoles, stringList, stringMap } from './feed-helpers.js';
import { checkMarketplaces } from './order-helpers.js';

/**
 * `POST /feeds/2021-06-30/feeds` → 202 `{ feedId }`. The feed is IN_QUEUE, then IN_PROGRESS, then DONE (its
 * effects and processing report) on the emulator's clock (`/_emulator/processing`). `JSON_LISTINGS_FEED` and
 * `POST_ORDER_FULFILLMENT_DATA` are processed; Amazon's retired XML and flat-file listings feeds are accepted
 * and end FATAL, as on Amazon; other feed types are refused with a 400 naming them.
 */
export const createFeed: OperationDefinition = {
  key: 'createFeed',
  handle(ctx) {
    const body = bodyObject(ctx.body, 'body');
    const feedType = requiredString(body, 'feedType', '');
    const marketplaceIds = stringList(body, 'marketplaceIds', 25);
    const inputFeedDocumentId = requiredString(body, 'inputFeedDocumentId', '');
    const feedOptions = stringMap(body, 'feedOptions');
    checkMarketplaces(ctx, marketplaceIds, 'marketplaceIds');
    if (UNPROCESSED_FEED_TYPES.has(feedType)) {
      throw invalidInput(
        `Invalid input: the emulator does not process feed type ${feedType}.`,
        `It processes ${PROCESSED_FEED_TYPES.join(' and ')} (see docs/emulator.md).`,
      );
    }
    if (
      !(PROCESSED_FEED_TYPES as readonly string[]).includes(feedType) &&
      !RETIRED_FEED_TYPES.has(feedType)
    ) {
      throw invalidInput(
        `Invalid input: '${feedType}' is not a feed type.`,
        'See Amazon\'s "Feed Type Values".',
      );
    }
    requireTypeRoles(ctx, 'feed', feedType);
    const doc = ctx.state.documents.get(ctx.caller.sellerId, inputFeedDocumentId);
    if (doc?.kind !== 'feed') {
      throw invalidInput(
        `Invalid input: '${inputFeedDocumentId}' is not a feed document of this seller.`,
        'Use the feedDocumentId that createFeedDocument returned.',
      );
    }
    const feed = ctx.state.feeds.create(
      ctx.caller.sellerId,
      { feedType, marketplaceIds, inputFeedDocumentId, ...(feedOptions ? { feedOptions } : {}) },
      ctx.now,
      ctx.state.processing,
    );
    return { body: { feedId: feed.feedId } };
  },
};
