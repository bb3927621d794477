import { notFound } from '../amazon-error-response.js';
import type { OperationContext } from '../operation.js';
import type { StoredReport } from '../reports/report-store.js';
import { requireTypeRoles } from './feed-helpers.js';

/** The caller's report named by the `reportId` path parameter, or 404. */
export function requireReport(ctx: OperationContext): StoredReport {
  const reportId = ctx.pathParams.reportId ?? '';
  const report = ctx.state.reports.get(ctx.caller.sellerId, reportId);
  if (!report) throw notFound(`Report ${reportId} was not found.`);
  requireTypeRoles(ctx, 'report', report.reportType);
  return report;
}
