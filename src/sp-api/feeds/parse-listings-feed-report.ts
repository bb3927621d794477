import { buildFeedResult, type FeedIssue, type FeedResult } from './feed-result.js';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Reads JSON_LISTINGS_FEED's processing report (`listings-feed-processing-report-schema-v2.json`: `header`,
 * `issues[]`, `summary`). Issues without `messageId` concern the whole feed.
 */
export function parseListingsFeedReport(json: unknown): FeedResult {
  if (typeof json !== 'object' || json === null) throw new Error('the report is not a JSON object');
  const report = json as {
    header?: { feedId?: unknown };
    issues?: unknown;
    summary?: Record<string, unknown>;
  };
  const summary = report.summary ?? {};
  const issues = (Array.isArray(report.issues) ? report.issues : []).map((raw: Record<string, unknown>) => {
    const issue: FeedIssue = {
      code: String(raw.code ?? ''),
      severity: String(raw.severity ?? 'ERROR').toUpperCase(),
      message: String(raw.message ?? ''),
    };
    const sku = text(raw.sku);
    if (sku !== undefined) issue.sku = sku;
    const attributeName = text(raw.attributeName);
    if (attributeName !== undefined) issue.attributeName = attributeName;
    const messageId = typeof raw.messageId === 'number' ? raw.messageId : undefined;
    return { messageId, issue };
  });
  return buildFeedResult({
    format: 'json',
    feedId: text(report.header?.feedId),
    statusCode: undefined,
    summary: {
      messagesProcessed: count(summary.messagesProcessed),
      messagesAccepted: count(summary.messagesAccepted),
      messagesInvalid: count(summary.messagesInvalid),
      errors: count(summary.errors),
      warnings: count(summary.warnings),
    },
    issues,
  });
}
