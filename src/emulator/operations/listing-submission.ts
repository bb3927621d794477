import type { ListingIssue } from '../listings/listing-types.js';
import type { OperationContext } from '../operation.js';
import { includedData, submissionId } from './listings-helpers.js';

/**
 * The ListingsItemSubmissionResponse of put, patch and delete: `issues` by default, `identifiers` (the ASIN
 * in each marketplace) when `includedData` asks for them.
 */
export function submissionAnswer(
  ctx: OperationContext,
  sellerId: string,
  sku: string,
  marketplaceIds: readonly string[],
  status: 'ACCEPTED' | 'INVALID' | 'VALID',
  issues: readonly ListingIssue[],
): Record<string, unknown> {
  const included = includedData(ctx, ['issues']);
  const answer: Record<string, unknown> = { sku, status, submissionId: submissionId(ctx) };
  if (included.has('issues')) answer.issues = issues;
  if (included.has('identifiers')) {
    const listing = ctx.state.listings.get(sellerId, sku);
    answer.identifiers = marketplaceIds
      .filter((id) => listing?.marketplaces.has(id))
      .map((marketplaceId) => ({ marketplaceId, asin: listing?.asin ?? '' }));
  }
  return answer;
}
