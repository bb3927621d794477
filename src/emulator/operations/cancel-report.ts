import { invalidInput } from '../amazon-error-response.js';
import { statusAt } from '../feeds/processing-settings.js';
import type { OperationDefinition } from '../operation.js';
import { requireReport } from './report-helpers.js';

/** `DELETE /reports/2021-06-30/reports/{reportId}` → 200 (no body): only a report still IN_QUEUE can be cancelled. */
export const cancelReport: OperationDefinition = {
  key: 'cancelReport',
  handle(ctx) {
    const report = requireReport(ctx);
    if (!ctx.state.reports.cancel(report, ctx.now)) {
      throw invalidInput(
        `Report ${report.reportId} cannot be cancelled: it is ${statusAt(report, ctx.now)}; only reports IN_QUEUE can be cancelled.`,
      );
    }
    return {};
  },
};
