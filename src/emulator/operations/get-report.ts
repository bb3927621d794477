import type { OperationDefinition } from '../operation.js';
import { reportView } from '../reports/report-store.js';
import { requireReport } from './report-helpers.js';

/** `GET /reports/2021-06-30/reports/{reportId}`: the report's status on the emulator's clock. */
export const getReport: OperationDefinition = {
  key: 'getReport',
  handle(ctx) {
    return { body: reportView(requireReport(ctx), ctx.now) };
  },
};
