import { feedView } from '../feeds/feed-store.js';
import type { OperationDefinition } from '../operation.js';
import { requireFeed } from './feed-helpers.js';

/** `GET /feeds/2021-06-30/feeds/{feedId}`: the feed's status on the emulator's clock. */
export const getFeed: OperationDefinition = {
  key: 'getFeed',
  handle(ctx) {
    return { body: feedView(requireFeed(ctx), ctx.now) };
  },
};
