import { invalidInput } from '../amazon-error-response.js';
import type { OperationContext } from '../operation.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { requireTypeRoles } from './feed-helpers.js';
import { list, readPageToken, str } from './order-helpers.js';

const DAY = 86_400_000;

/** A feed or report as its list filters see it. */
interface Job {
  type: string;
  createdMs: number;
  marketplaceIds: readonly string[];
}

/** What a first page asked for; later pages carry it in their token. */
interface ListQuery {
  types: string[];
  processingStatuses?: string[];
  marketplaceIds?: string[];
  sinceMs: number;
  untilMs: number;
  pageSize: number;
}

interface ListToken {
  operation: string;
  sellerId: string;
  offset: number;
  query: ListQuery;
}

/**
 * getFeeds and getReports: the seller's jobs of the types asked for (`feedTypes` / `reportTypes`), newest
 * first, filtered by status, marketplace and creation time (default the last 90 days), `pageSize` (default
 * 10) a page. Either the types or `nextToken` is required, and `nextToken` comes alone, as the models say.
 */
export function listJobs<T extends Job, V extends { processingStatus: string }>(
  ctx: OperationContext,
  kind: 'feed' | 'report',
  jobs: readonly T[],
  view: (job: T) => V,
): { page: V[]; nextToken?: string } {
  const typesParam = kind === 'feed' ? 'feedTypes' : 'reportTypes';
  const nextToken = str(ctx, 'nextToken');
  let query: ListQuery;
  let offset = 0;
  if (nextToken) {
    const others = Object.keys(ctx.params).filter((k) => k !== 'nextToken');
    if (others.length > 0)
      throw invalidInput(`'nextToken' must be the only parameter; remove ${others.join(', ')}.`);
    const token = readPageToken<ListToken>(ctx, 'nextToken', nextToken);
    query = token.query;
    offset = token.offset;
  } else {
    const types = list(ctx, typesParam);
    if (!types) throw invalidInput(`Either '${typesParam}' or 'nextToken' is required.`);
    const since = str(ctx, 'createdSince');
    const until = str(ctx, 'createdUntil');
    const processingStatuses = list(ctx, 'processingStatuses');
    const marketplaceIds = list(ctx, 'marketplaceIds');
    query = {
      types,
      ...(processingStatuses ? { processingStatuses } : {}),
      ...(marketplaceIds ? { marketplaceIds } : {}),
      sinceMs: (since === undefined ? undefined : parseIsoTime(since)) ?? ctx.now - 90 * DAY,
      untilMs: (until === undefined ? undefined : parseIsoTime(until)) ?? ctx.now,
      pageSize: typeof ctx.params.pageSize === 'number' ? ctx.params.pageSize : 10,
    };
  }
  for (const type of query.types) requireTypeRoles(ctx, kind, type);
  const { marketplaceIds, processingStatuses } = query;
  const matches = jobs
    .filter(
      (j) => query.types.includes(j.type) && j.createdMs >= query.sinceMs && j.createdMs <= query.untilMs,
    )
    .filter((j) => !marketplaceIds || j.marketplaceIds.some((id) => marketplaceIds.includes(id)))
    .map(view)
    .filter((v) => !processingStatuses || processingStatuses.includes(v.processingStatus));
  const page = matches.slice(offset, offset + query.pageSize);
  if (offset + query.pageSize >= matches.length) return { page };
  const token: ListToken = {
    operation: ctx.op.key,
    sellerId: ctx.caller.sellerId,
    offset: offset + query.pageSize,
    query,
  };
  return { page, nextToken: ctx.state.pagination.encode(token) };
}
