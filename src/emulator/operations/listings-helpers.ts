import { AmazonErrorResponse, invalidInput, unauthorized } from '../amazon-error-response.js';
import { currencyOf } from '../listings/item-view.js';
import type { PatchTarget } from '../listings/listing-patches.js';
import type { ListingIssue } from '../listings/listing-types.js';
import type { OperationContext } from '../operation.js';
import { checkMarketplaces, list, str } from './order-helpers.js';

/** Amazon's answer to a body it cannot read, as seen from the Listings Items API. */
export const CANNOT_PARSE = 'Request has missing or invalid parameters and cannot be parsed.';

/**
 * The `sellerId` path parameter, which must be the caller's own: another seller's listings are not theirs
 * (403), and an id that is no seller's is Amazon's 400 about the seller id (as SP-API clients' issue
 * trackers show it: jlevers/selling-partner-api#777), which is how a wrong Merchant Token shows.
 */
export function listingsSeller(ctx: OperationContext): string {
  const sellerId = ctx.pathParams.sellerId ?? '';
  if (sellerId !== ctx.caller.sellerId && !ctx.state.seller(sellerId)) {
    throw invalidInput("Invalid 'sellerId' and 'marketplaceId' combination provided.", '');
  }
  if (sellerId !== ctx.caller.sellerId) throw unauthorized('');
  return ctx.caller.sellerId;
}

/** The `marketplaceIds` query parameter, checked against the seller's marketplaces. */
export function listingsMarketplaces(ctx: OperationContext): string[] {
  const ids = list(ctx, 'marketplaceIds') ?? [];
  checkMarketplaces(ctx, ids, 'marketplaceIds');
  return ids;
}

/** The `includedData` query parameter as a set, or the operation's default. */
export function includedData(ctx: OperationContext, defaults: readonly string[]): Set<string> {
  return new Set(list(ctx, 'includedData') ?? defaults);
}

/** The marketplaces and currencies a patch or put is checked against. */
export const patchTarget = (marketplaceIds: readonly string[]): PatchTarget => ({
  marketplaceIds,
  currencyOf,
});

/** Amazon's 404 for a SKU the seller does not list in the marketplaces asked for (no `details`). */
export const skuNotFound = (sku: string, marketplaceIds: readonly string[]): AmazonErrorResponse =>
  new AmazonErrorResponse(
    404,
    'NOT_FOUND',
    `SKU '${sku}' not found in marketplace ${marketplaceIds.join(',')}`,
  );

/** `mode=VALIDATION_PREVIEW`: check, answer VALID or INVALID, change nothing. */
export const isPreview = (ctx: OperationContext): boolean => str(ctx, 'mode') === 'VALIDATION_PREVIEW';

/** A submission's status: INVALID when an issue is an ERROR, else VALID (preview) or ACCEPTED. */
export function submissionStatus(
  issues: readonly ListingIssue[],
  preview: boolean,
): 'ACCEPTED' | 'INVALID' | 'VALID' {
  if (issues.some((i) => i.severity === 'ERROR')) return 'INVALID';
  return preview ? 'VALID' : 'ACCEPTED';
}

/** The body as an object, or Amazon's 400 for a body it cannot read. */
export function listingsBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidInput(CANNOT_PARSE);
  return body as Record<string, unknown>;
}

/** A submission id as Amazon writes them: 32 hex characters. */
export const submissionId = (ctx: OperationContext): string => ctx.state.nextSubmissionId();
