import type { EmulatorState } from '../emulator-state.js';
import { processAcknowledgementFeed } from './acknowledgement-feed.js';
import type { StoredFeed } from './feed-store.js';
import { processFulfillmentFeed } from './fulfillment-feed.js';
import { processListingsFeed } from './listings-feed.js';
import { compresses } from './processing-settings.js';

/**
 * Processes one feed at the end of its IN_PROGRESS time (`feed.endMs`): its effects land on the listings or
 * orders at that time, and its processing report becomes a document. A feed whose document was never
 * uploaded, and a retired listings feed type, end FATAL without a report.
 */
export function processFeed(state: EmulatorState, feed: StoredFeed): void {
  const input = state.documents.get(feed.sellerId, feed.inputFeedDocumentId);
  const text = input ? state.documents.text(input) : undefined;
  if (text === undefined || text.trim() === '') {
    feed.outcome = 'FATAL';
    return;
  }
  let result: { outcome: 'DONE' | 'FATAL'; report: string; contentType: string } | undefined;
  if (feed.feedType === 'JSON_LISTINGS_FEED') {
    const processed = processListingsFeed(state.listings, feed, text, feed.endMs);
    feed.summary = processed.summary;
    result = { outcome: processed.outcome, report: processed.report, contentType: 'application/json' };
  } else if (feed.feedType === 'POST_ORDER_FULFILLMENT_DATA') {
    const processed = processFulfillmentFeed(state, feed, text, feed.endMs);
    feed.summary = processed.summary;
    result = { outcome: 'DONE', report: processed.report, contentType: 'text/xml' };
  } else if (feed.feedType === 'POST_ORDER_ACKNOWLEDGEMENT_DATA') {
    const processed = processAcknowledgementFeed(state, feed, text, feed.endMs);
    feed.summary = processed.summary;
    result = { outcome: 'DONE', report: processed.report, contentType: 'text/xml' };
  }
  if (!result) {
    feed.outcome = 'FATAL';
    return;
  }
  const region = state.seller(feed.sellerId)?.region ?? 'na';
  const doc = state.documents.createOutput(
    feed.sellerId,
    'feedResult',
    region,
    result.report,
    result.contentType,
    compresses(state.processing, 'feedResult'),
    feed.endMs,
  );
  feed.resultFeedDocumentId = doc.id;
  feed.outcome = result.outcome;
}
