import type { components } from '../../amazon/generated/types/reports20210630.js';
import type { SpApiClient } from '../client.js';
import { type ProcessingWaitOptions, pollUntilProcessed } from '../documents/poll-until-processed.js';

/** A report as getReport returns it (`reportDocumentId` once DONE). */
export type Report = components['schemas']['Report'];

/**
 * Waits until the report is processed, with the rules of `waitForFeed`: getReport (through the client)
 * after 2 s, 1.5 times longer each time up to 60 s, on `clock`, bounded by `maxWaitMs` (30 minutes), long
 * waits said through `onWait` and `logger`. Returns the report once DONE, CANCELLED (Amazon cancels a
 * report that has no data) or FATAL; read a DONE one with `readReportDocument(client, report.reportDocumentId)`.
 */
export function waitForReport(
  client: SpApiClient,
  reportId: string,
  options: ProcessingWaitOptions,
): Promise<Report> {
  return pollUntilProcessed(
    'report',
    reportId,
    async (signal) =>
      (await client.call('getReport', { path: { reportId }, ...(signal ? { signal } : {}) })).body,
    options,
  );
}
