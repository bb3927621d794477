/** Which output documents are stored gzipped (getFeedDocument / getReportDocument then say `GZIP`). */
export type Compression = 'auto' | 'GZIP' | 'NONE';

/**
 * How long feeds and reports take on the emulator's clock, and how their documents are compressed.
 * `GET`/`PUT /_emulator/processing` read and change it.
 */
export interface ProcessingSettings {
  /** Time in IN_QUEUE after creation. @default 2000 */
  inQueueMs: number;
  /** Time in IN_PROGRESS before DONE (or FATAL); the feed's effects land at its end. @default 3000 */
  inProgressMs: number;
  /**
   * `auto`: processing reports of feeds gzipped, report documents plain (what the emulator's authors saw most
   * often on Amazon); `GZIP` or `NONE`: every output document so. @default 'auto'
   */
  compression: Compression;
}

export const DEFAULT_PROCESSING: Readonly<ProcessingSettings> = {
  inQueueMs: 2000,
  inProgressMs: 3000,
  compression: 'auto',
};

/** Whether an output document of this kind is stored gzipped under the settings. */
export function compresses(settings: ProcessingSettings, kind: 'feedResult' | 'report'): boolean {
  if (settings.compression === 'auto') return kind === 'feedResult';
  return settings.compression === 'GZIP';
}

/** Where an asynchronous job (a feed, a report) stands at `nowMs`. */
export type ProcessingStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'CANCELLED' | 'FATAL';

/** A job's times: created, started (end of IN_QUEUE) and ended (end of IN_PROGRESS). */
export interface JobTimes {
  createdMs: number;
  startMs: number;
  endMs: number;
  cancelledMs?: number;
  /** Set once processed: DONE or FATAL. */
  outcome?: 'DONE' | 'FATAL';
}

/** The status of a job at `nowMs`; a job past its end that has no outcome yet is still IN_PROGRESS. */
export function statusAt(job: JobTimes, nowMs: number): ProcessingStatus {
  if (job.cancelledMs !== undefined) return 'CANCELLED';
  if (nowMs < job.startMs) return 'IN_QUEUE';
  return job.outcome ?? 'IN_PROGRESS';
}
