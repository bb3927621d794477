import { invalidInput } from '../amazon-error-response.js';
import { statusAt } from '../feeds/processing-settings.js';
import type { OperationDefinition } from '../operation.js';
import { requireFeed } from './feed-helpers.js';

/** `DELETE /feeds/2021-06-30/feeds/{feedId}` → 200 (no body): only a feed still IN_QUEUE can be cancelled. */
export const cancelFeed: OperationDefinition = {
  key: 'cancelFeed',
  handle(ctx) {
    const feed = requireFeed(ctx);
    if (!ctx.state.feeds.cancel(feed, ctx.now)) {
      throw invalidInput(
        `Feed ${feed.feedId} cannot be cancelled: it is ${statusAt(feed, ctx.now)}; only feeds IN_QUEUE can be cancelled.`,
      );
    }
    return {};
  },
};
