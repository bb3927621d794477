import { invalidInput } from '../amazon-error-response.js';
import { feedView } from '../feeds/feed-store.js';
import type { OperationDefinition } from '../operation.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { requireTypeRoles } from './feed-helpers.js';
import { list, readPageToken, str } from './order-helpers.js';

const DAY = 86_400_000;

interface FeedsToken {
  operation: string;
  sellerId: string;
  offset: number;
  query: Record<string, unknown>;
}

/**
 * `GET /feeds/2021-06-30/feeds`: the seller's feeds of the `feedTypes` asked for, newest first, filtered by
 * status, marketplace and creation time (default the last 90 days), `pageSize` (default 10) a page. Either
 * `feedTypes` or `nextToken` is required, and `nextToken` comes alone, as the model says.
 */
export const getFeeds: OperationDefinition = {
  key: 'getFeeds',
  handle(ctx) {
    const nextToken = str(ctx, 'nextToken');
    let query: Record<string, unknown>;
    let offset = 0;
    if (nextToken) {
      const others = Object.keys(ctx.params).filter((k) => k !== 'nextToken');
      if (others.length > 0) {
        throw invalidInput(`'nextToken' must be the only parameter; remove ${others.join(', ')}.`);
      }
      const token = readPageToken<FeedsToken>(ctx, 'nextToken', nextToken);
      query = token.query;
      offset = token.offset;
    } else {
      const feedTypes = list(ctx, 'feedTypes');
      if (!feedTypes) throw invalidInput("Either 'feedTypes' or 'nextToken' is required.");
      const since = str(ctx, 'createdSince');
      const until = str(ctx, 'createdUntil');
      query = {
        feedTypes,
        processingStatuses: list(ctx, 'processingStatuses'),
        marketplaceIds: list(ctx, 'marketplaceIds'),
        sinceMs: since === undefined ? ctx.now - 90 * DAY : parseIsoTime(since),
        untilMs: until === undefined ? ctx.now : parseIsoTime(until),
        pageSize: typeof ctx.params.pageSize === 'number' ? ctx.params.pageSize : 10,
      };
    }
    const feedTypes = query.feedTypes as string[];
    for (const type of feedTypes) requireTypeRoles(ctx, 'feed', type);
    const statuses = query.processingStatuses as string[] | undefined;
    const marketplaceIds = query.marketplaceIds as string[] | undefined;
    const pageSize = query.pageSize as number;
    const matches = ctx.state.feeds
      .list(ctx.caller.sellerId)
      .filter((f) => feedTypes.includes(f.feedType))
      .filter((f) => f.createdMs >= (query.sinceMs as number) && f.createdMs <= (query.untilMs as number))
      .filter((f) => !marketplaceIds || f.marketplaceIds.some((id) => marketplaceIds.includes(id)))
      .map((f) => feedView(f, ctx.now))
      .filter((f) => !statuses || statuses.includes(f.processingStatus));
    const page = matches.slice(offset, offset + pageSize);
    const body: Record<string, unknown> = { feeds: page };
    if (offset + pageSize < matches.length) {
      body.nextToken = ctx.state.pagination.encode({
        operation: ctx.op.key,
        sellerId: ctx.caller.sellerId,
        offset: offset + pageSize,
        query,
      } satisfies FeedsToken);
    }
    return { body };
  },
};
