import type { components } from '../../amazon/generated/types/feeds20210630.js';
import type { SpApiClient } from '../client.js';
import { type ProcessingWaitOptions, pollUntilProcessed } from '../documents/poll-until-processed.js';

/** A feed as getFeed returns it (`resultFeedDocumentId` once DONE, or FATAL with a report). */
export type Feed = components['schemas']['Feed'];

/**
 * Waits until the feed is processed: getFeed (through the client) with a growing backoff on `clock`
 * (2 s, then 1.5 times longer each time, up to 60 s), bounded by `maxWaitMs` (30 minutes by default, then
 * `ProcessingWaitError` with diagnosis `PROCESSING_WAIT_EXCEEDED`). Waits that take the whole past 5 s are
 * said through `onWait` (and `logger`) before they begin. Returns the feed once its `processingStatus` is
 * DONE, CANCELLED or FATAL; read its report with `readFeedResult(client, feed.resultFeedDocumentId)`.
 */
export function waitForFeed(
  client: SpApiClient,
  feedId: string,
  options: ProcessingWaitOptions,
): Promise<Feed> {
  return pollUntilProcessed(
    'feed',
    feedId,
    async (signal) =>
      (await client.call('getFeed', { path: { feedId }, ...(signal ? { signal } : {}) })).body,
    options,
  );
}
