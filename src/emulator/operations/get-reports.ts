import type { OperationDefinition } from '../operation.js';
import { reportView } from '../reports/report-store.js';
import { listJobs } from './job-list.js';

/** `GET /reports/2021-06-30/reports`: the seller's reports of the `reportTypes` asked for, newest first, paged. */
export const getReports: OperationDefinition = {
  key: 'getReports',
  handle(ctx) {
    const reports = ctx.state.reports.list(ctx.caller.sellerId).map((r) => ({ ...r, type: r.reportType }));
    const { page, nextToken } = listJobs(ctx, 'report', reports, (r) => reportView(r, ctx.now));
    return { body: { reports: page, ...(nextToken ? { nextToken } : {}) } };
  },
};
