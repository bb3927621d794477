import { invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { reportView } from '../reports/report-store.js';
import { requireTypeRoles } from './feed-helpers.js';
import { list, readPageToken, str } from './order-helpers.js';

const DAY = 86_400_000;

interface ReportsToken {
  operation: string;
  sellerId: string;
  offset: number;
  query: Record<string, unknown>;
}

/**
 * `GET /reports/2021-06-30/reports`: the seller's reports of the `reportTypes` asked for, newest first, as
 * getFeeds pages feeds (either `reportTypes` or `nextToken`, which comes alone).
 */
export const getReports: OperationDefinition = {
  key: 'getReports',
  handle(ctx) {
    const nextToken = str(ctx, 'nextToken');
    let query: Record<string, unknown>;
    let offset = 0;
    if (nextToken) {
      const others = Object.keys(ctx.params).filter((k) => k !== 'nextToken');
      if (others.length > 0) {
        throw invalidInput(`'nextToken' must be the only parameter; remove ${others.join(', ')}.`);
      }
      const token = readPageToken<ReportsToken>(ctx, 'nextToken', nextToken);
      query = token.query;
      offset = token.offset;
    } else {
      const reportTypes = list(ctx, 'reportTypes');
      if (!reportTypes) throw invalidInput("Either 'reportTypes' or 'nextToken' is required.");
      const since = str(ctx, 'createdSince');
      const until = str(ctx, 'createdUntil');
      query = {
        reportTypes,
        processingStatuses: list(ctx, 'processingStatuses'),
        marketplaceIds: list(ctx, 'marketplaceIds'),
        sinceMs: since === undefined ? ctx.now - 90 * DAY : parseIsoTime(since),
        untilMs: until === undefined ? ctx.now : parseIsoTime(until),
        pageSize: typeof ctx.params.pageSize === 'number' ? ctx.params.pageSize : 10,
      };
    }
    const reportTypes = query.reportTypes as string[];
    for (const type of reportTypes) requireTypeRoles(ctx, 'report', type);
    const statuses = query.processingStatuses as string[] | undefined;
    const marketplaceIds = query.marketplaceIds as string[] | undefined;
    const pageSize = query.pageSize as number;
    const matches = ctx.state.reports
      .list(ctx.caller.sellerId)
      .filter((r) => reportTypes.includes(r.reportType))
      .filter((r) => r.createdMs >= (query.sinceMs as number) && r.createdMs <= (query.untilMs as number))
      .filter((r) => !marketplaceIds || r.marketplaceIds.some((id) => marketplaceIds.includes(id)))
      .map((r) => reportView(r, ctx.now))
      .filter((r) => !statuses || statuses.includes(r.processingStatus));
    const body: Record<string, unknown> = { reports: matches.slice(offset, offset + pageSize) };
    if (offset + pageSize < matches.length) {
      body.nextToken = ctx.state.pagination.encode({
        operation: ctx.op.key,
        sellerId: ctx.caller.sellerId,
        offset: offset + pageSize,
        query,
      } satisfies ReportsToken);
    }
    return { body };
  },
};
