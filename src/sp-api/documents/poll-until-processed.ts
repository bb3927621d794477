import type { Clock } from '../../time/clock.js';
import { LONG_WAIT_MS } from '../events/announce-wait.js';
import type { Logger } from '../log/logger.js';
import { ProcessingWaitError } from './processing-wait-error.js';

/** Options of `waitForFeed` and `waitForReport`. */
export interface ProcessingWaitOptions {
  /** The clock the waits run on (the client's). */
  clock: Clock;
  /**
   * The first wait between two status checks; each next one is 1.5 times longer, up to 60 s.
   * @default 2000
   */
  pollMs?: number;
  /**
   * Gives up (with `ProcessingWaitError`, diagnosis `PROCESSING_WAIT_EXCEEDED`) when the feed or report is
   * not done after this long. Nothing is cancelled: wait again later with the same id.
   * @default 1800000 (30 minutes)
   */
  maxWaitMs?: number;
  /**
   * Called before each wait once the whole wait would pass 5 s: what is awaited, its status, how long this
   * wait lasts and how long the whole may still take.
   * @default undefined
   */
  onWait?: (event: ProcessingWaitEvent) => void;
  /**
   * Also says those waits on the logger, at warn (so `csm` shows them on stderr).
   * @default undefined (no log lines)
   */
  logger?: Logger;
  /** Stops waiting (the status checks and the sleeps between them). */
  signal?: AbortSignal;
}

/** A wait for Amazon's processing of a feed or report, said before it begins. */
export interface ProcessingWaitEvent {
  /** `feed` or `report`. */
  kind: 'feed' | 'report';
  /** The feed id or report id. */
  id: string;
  /** Its status at the last check (`IN_QUEUE`, `IN_PROGRESS`; Amazon may add others). */
  processingStatus: string;
  /** How long this wait between two checks lasts. */
  waitMs: number;
  /** Waited so far, since the first check. */
  waitedMs: number;
  /** The most the whole wait may still take before it gives up. */
  remainingMs: number;
  /** In words, for a notice: `feed 123 is IN_QUEUE: next check in 7 s (waited 9 s, giving up after 30 min)`. */
  reason: string;
}

export const PROCESSING_WAIT_DEFAULTS = {
  pollMs: 2000,
  factor: 1.5,
  maxPollMs: 60_000,
  maxWaitMs: 30 * 60_000,
} as const;

/** The statuses a feed or report ends in (Amazon's `processingStatus` enum, 2021-06-30). */
const FINAL = new Set(['DONE', 'CANCELLED', 'FATAL']);

const seconds = (ms: number): string =>
  ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 100) / 10} s`;

/**
 * Checks the status with `check` until it is final (DONE, CANCELLED or FATAL), waiting between checks with
 * a growing backoff on the given clock (2 s, 3 s, 4.5 s, … up to 60 s), and gives up after `maxWaitMs`. An
 * unknown status is treated as not final yet: Amazon's enums stay open.
 */
export async function pollUntilProcessed<T extends { processingStatus: string }>(
  kind: 'feed' | 'report',
  id: string,
  check: (signal: AbortSignal | undefined) => Promise<T>,
  options: ProcessingWaitOptions,
): Promise<T> {
  const { clock, onWait, logger, signal } = options;
  const maxWaitMs = options.maxWaitMs ?? PROCESSING_WAIT_DEFAULTS.maxWaitMs;
  let pollMs = options.pollMs ?? PROCESSING_WAIT_DEFAULTS.pollMs;
  const started = clock.now();
  for (;;) {
    const current = await check(signal);
    if (FINAL.has(current.processingStatus)) return current;
    const waitedMs = clock.now() - started;
    const remainingMs = maxWaitMs - waitedMs;
    if (remainingMs <= 0) throw new ProcessingWaitError(kind, id, current.processingStatus, maxWaitMs);
    const waitMs = Math.min(pollMs, remainingMs);
    if (waitedMs + waitMs > LONG_WAIT_MS) {
      const reason = `${kind} ${id} is ${current.processingStatus}: next check in ${seconds(waitMs)} (waited ${seconds(waitedMs)}, giving up after ${seconds(maxWaitMs)})`;
      onWait?.({
        kind,
        id,
        processingStatus: current.processingStatus,
        waitMs,
        waitedMs,
        remainingMs,
        reason,
      });
      logger?.warn(
        { [`${kind}Id`]: id, processingStatus: current.processingStatus, waitMs, waitedMs },
        `waiting for Amazon to process ${reason}`,
      );
    }
    await clock.sleep(waitMs, signal);
    // Whole milliseconds, so the waits read as they are said.
    pollMs = Math.min(
      Math.round(pollMs * PROCESSING_WAIT_DEFAULTS.factor),
      PROCESSING_WAIT_DEFAULTS.maxPollMs,
    );
  }
}
