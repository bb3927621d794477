import { feedView } from '../feeds/feed-store.js';
import type { OperationDefinition } from '../operation.js';
import { listJobs } from './job-list.js';

/** `GET /feeds/2021-06-30/feeds`: the seller's feeds of the `feedTypes` asked for, newest first, paged. */
export const getFeeds: OperationDefinition = {
  key: 'getFeeds',
  handle(ctx) {
    const feeds = ctx.state.feeds.list(ctx.caller.sellerId).map((f) => ({ ...f, type: f.feedType }));
    const { page, nextToken } = listJobs(ctx, 'feed', feeds, (f) => feedView(f, ctx.now));
    return { body: { feeds: page, ...(nextToken ? { nextToken } : {}) } };
  },
};
