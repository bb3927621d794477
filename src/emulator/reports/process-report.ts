import type { EmulatorState } from '../emulator-state.js';
import { compresses } from '../feeds/processing-settings.js';
import { merchantListingsReport } from './merchant-listings-report.js';
import type { StoredReport } from './report-store.js';

/**
 * Generates one report at the end of its IN_PROGRESS time, from the listings as they are then. A report with
 * no data is CANCELLED, as Amazon cancels it.
 */
export function processReport(state: EmulatorState, report: StoredReport): void {
  const text = merchantListingsReport(
    report.reportType,
    state.listings.all(report.sellerId),
    report.marketplaceIds,
  );
  if (text === undefined) {
    report.outcome = 'DONE';
    report.cancelledMs = report.endMs;
    return;
  }
  const doc = state.documents.createOutput(
    report.sellerId,
    'report',
    state.seller(report.sellerId)?.region ?? 'na',
    text,
    'text/plain; charset=UTF-8',
    compresses(state.processing, 'report'),
    report.endMs,
  );
  report.reportDocumentId = doc.id;
  report.outcome = 'DONE';
}
