import type { components as feeds } from '../../amazon/generated/types/feeds20210630.js';
import { isoSeconds } from '../orders/iso-time.js';
import type { Prng } from '../prng.js';
import { type JobTimes, type ProcessingSettings, statusAt } from './processing-settings.js';

type Feed = feeds['schemas']['Feed'];

/** What a feed's processing found, for the ground truth (`GET /_emulator/feeds`). */
export interface FeedSummary {
  messagesProcessed: number;
  messagesAccepted: number;
  messagesInvalid: number;
}

/** One feed a seller submitted. */
export interface StoredFeed extends JobTimes {
  feedId: string;
  sellerId: string;
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  feedOptions?: Record<string, string>;
  resultFeedDocumentId?: string;
  summary?: FeedSummary;
}

/** The fields of createFeed's body. */
export interface FeedSpec {
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  feedOptions?: Record<string, string>;
}

/**
 * Every feed of every seller. A feed's status follows the emulator's clock (IN_QUEUE, then IN_PROGRESS, then
 * DONE or FATAL once `processDue` has processed it); nothing runs in the background, so a fake clock decides.
 */
export class FeedStore {
  private readonly feeds: StoredFeed[] = [];
  /** Not yet processed nor cancelled: what `due` looks through on every request. */
  private pending: StoredFeed[] = [];
  private seq: number;

  constructor(prng: Prng) {
    // Amazon's feed ids are decimal numbers (`50051019561`); only unique per seller, but these are global.
    this.seq = 50_000_000_000 + prng.between(0, 9_000_000) * 1000;
  }

  create(sellerId: string, spec: FeedSpec, nowMs: number, settings: ProcessingSettings): StoredFeed {
    this.seq += 1 + (this.seq % 7);
    const feed: StoredFeed = {
      feedId: String(this.seq),
      sellerId,
      ...spec,
      createdMs: nowMs,
      startMs: nowMs + settings.inQueueMs,
      endMs: nowMs + settings.inQueueMs + settings.inProgressMs,
    };
    this.feeds.push(feed);
    this.pending.push(feed);
    return feed;
  }

  get(sellerId: string, feedId: string): StoredFeed | undefined {
    return this.feeds.find((f) => f.feedId === feedId && f.sellerId === sellerId);
  }

  /** The seller's feeds, newest first. */
  list(sellerId: string): StoredFeed[] {
    return this.feeds.filter((f) => f.sellerId === sellerId).reverse();
  }

  /** Feeds whose processing ends by `nowMs` and that have not been processed, in the order they end. */
  due(nowMs: number): StoredFeed[] {
    if (this.pending.length === 0) return [];
    this.pending = this.pending.filter((f) => f.outcome === undefined && f.cancelledMs === undefined);
    return this.pending.filter((f) => f.endMs <= nowMs).sort((a, b) => a.endMs - b.endMs);
  }

  /** Only a feed still IN_QUEUE can be cancelled; false otherwise. */
  cancel(feed: StoredFeed, nowMs: number): boolean {
    if (statusAt(feed, nowMs) !== 'IN_QUEUE') return false;
    feed.cancelledMs = nowMs;
    return true;
  }
}

/** A feed as getFeed and getFeeds return it, at `nowMs`. */
export function feedView(feed: StoredFeed, nowMs: number): Feed {
  const status = statusAt(feed, nowMs);
  const view: Feed = {
    feedId: feed.feedId,
    feedType: feed.feedType,
    marketplaceIds: [...feed.marketplaceIds],
    createdTime: isoSeconds(feed.createdMs),
    processingStatus: status,
  };
  if (status === 'IN_PROGRESS' || status === 'DONE' || status === 'FATAL')
    view.processingStartTime = isoSeconds(feed.startMs);
  if (status === 'DONE' || status === 'FATAL') view.processingEndTime = isoSeconds(feed.endMs);
  if (feed.resultFeedDocumentId && (status === 'DONE' || status === 'FATAL'))
    view.resultFeedDocumentId = feed.resultFeedDocumentId;
  return view;
}
