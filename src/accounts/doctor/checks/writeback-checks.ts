import { isCsmApiError, isSpApiError } from '../../../sp-api/index.js';
import { whereToFind } from '../../where-to-find.js';
import { NoMarketplaceError } from '../account-probe.js';
import type { CheckContext } from '../check-context.js';
import { fail, pass, skip, type Verdict, warn } from '../check-result.js';
import type { Outcome } from '../outcome.js';
import { skippedForLwa } from './credentials-refused.js';

// The checks write-back needs (issue 11): the roles of the Listings Items, Feeds and FBA Inventory APIs, and
// a seller id Amazon accepts. Each makes one cheap read (first page, one item) and maps a 403 to the role.

/** Why a write-back check does not apply, or undefined. */
function notApplicable(ctx: CheckContext, sellersOnly: boolean): Verdict | undefined {
  if (sellersOnly && ctx.account.kind === 'vendor') {
    return skip('vendor account: stock, prices and FBA inventory are set and read for seller accounts');
  }
  if (ctx.account.sandbox) {
    return skip(
      'sandbox account: the static sandbox answers fixed examples, so roles cannot be told from it',
    );
  }
  return undefined;
}

/** The skip of a check whose call could not be made because of another check's failure. */
async function skippedForOthers(ctx: CheckContext, error: unknown): Promise<Verdict | undefined> {
  const participations = await ctx.probe.participations();
  if (!participations.ok) {
    return skippedForLwa(participations) ?? skip('getMarketplaceParticipations failed (see region)');
  }
  if (error instanceof NoMarketplaceError) {
    return skip(`the seller takes part in no marketplace of region ${ctx.account.region} (see marketplaces)`);
  }
  if (isSpApiError(error) && error.diagnosis?.code === 'SANDBOX_NO_MATCH') {
    return skip('the host answers as the static sandbox (see sandbox)');
  }
  return undefined;
}

/**
 * Amazon refuses a seller id that is not the caller's Merchant Token with 400 InvalidInput ("Invalid
 * 'sellerId' and 'marketplaceId' combination provided."): it has no code of its own, so, as with AWS's
 * AccessDenied, the message tells it apart.
 */
export function isSellerIdRefusal(error: unknown): boolean {
  return (
    isSpApiError(error) &&
    error.status === 400 &&
    /seller\s*id/i.test(`${error.amazonMessage ?? ''} ${error.details ?? ''}`)
  );
}

/** The fail of a role refused (403) by `operation`. */
function roleMissing(
  ctx: CheckContext,
  operation: string,
  error: unknown,
  role: string,
  use: string,
): Verdict {
  const code = isSpApiError(error) ? error.code : '';
  return fail(
    `SP-API refused ${operation} (403 ${code}): the app lacks the ${role} role, or the role was added after ` +
      `the seller authorized the app (an authorization covers the roles of its day); ${use}`,
    `Add the role "${role}" at ${whereToFind(ctx.account.kind).roles}, then authorize the app again and ` +
      ctx.storeSecret('refresh-token'),
  );
}

/** The fail of a call that failed otherwise, with the client's diagnosis. */
function callFailed(operation: string, error: unknown): Verdict {
  const diagnosis = isCsmApiError(error) ? error.diagnosis : undefined;
  return fail(
    `${operation} failed: ${diagnosis?.cause ?? (error instanceof Error ? error.message : String(error))}`,
    diagnosis?.fix ??
      `Run csm doctor again; if it persists, call it with csm api ${operation} to see Amazon's answer.`,
  );
}

/** `listings.role`: the Product Listing role, by a searchListingsItems of one item. */
export async function checkListingsRole(ctx: CheckContext): Promise<Verdict> {
  const notApplies = notApplicable(ctx, true);
  if (notApplies) return notApplies;
  if (!ctx.account.sellerId) {
    return skip('no seller id is stored, and the Listings Items API takes it in its paths (see seller.id)');
  }
  const outcome = await ctx.probe.listings();
  if (outcome.ok)
    return pass(`searchListingsItems answered: ${outcome.value} listing(s) in the first marketplace`);
  const skipped = await skippedForOthers(ctx, outcome.error);
  if (skipped) return skipped;
  if (isSellerIdRefusal(outcome.error)) return skip('Amazon refused the stored seller id (see seller.id)');
  if (isSpApiError(outcome.error) && outcome.error.kind === 'role') {
    return roleMissing(
      ctx,
      'searchListingsItems',
      outcome.error,
      'Product Listing',
      'csm stock set, csm price set and csm listings need it',
    );
  }
  return callFailed('searchListingsItems', outcome.error);
}

/** `feeds.role`: a role the Feeds API takes, by a getFeeds of one feed. */
export async function checkFeedsRole(ctx: CheckContext): Promise<Verdict> {
  const notApplies = notApplicable(ctx, false);
  if (notApplies) return notApplies;
  const outcome = await ctx.probe.feeds();
  if (outcome.ok)
    return pass(`getFeeds answered: ${outcome.value} JSON_LISTINGS_FEED feed(s) in the last 90 days`);
  const skipped = await skippedForOthers(ctx, outcome.error);
  if (skipped) return skipped;
  if (isSpApiError(outcome.error) && outcome.error.kind === 'role') {
    return roleMissing(
      ctx,
      'getFeeds',
      outcome.error,
      'Product Listing',
      'bulk stock and price files (JSON_LISTINGS_FEED) and shipment feeds need a Feeds role',
    );
  }
  return callFailed('getFeeds', outcome.error);
}

/** `inventory.role`: the Amazon Fulfillment role, by a getInventorySummaries of one marketplace. */
export async function checkInventoryRole(ctx: CheckContext): Promise<Verdict> {
  const notApplies = notApplicable(ctx, true);
  if (notApplies) return notApplies;
  const outcome = await ctx.probe.inventory();
  if (outcome.ok) {
    return pass(`getInventorySummaries answered: ${outcome.value} FBA SKU(s) on the first page`);
  }
  const skipped = await skippedForOthers(ctx, outcome.error);
  if (skipped) return skipped;
  if (isSpApiError(outcome.error) && outcome.error.kind === 'role') {
    // FBA is optional: a seller who ships everything alone needs no FBA inventory, so this is a warning.
    const failed = roleMissing(
      ctx,
      'getInventorySummaries',
      outcome.error,
      'Amazon Fulfillment',
      'csm inventory (FBA stock) needs it; a seller without FBA may ignore this',
    );
    return warn(failed.cause, failed.fix);
  }
  return callFailed('getInventorySummaries', outcome.error);
}

/** `seller.id`: the stored seller id is this seller's Merchant Token, as the Listings Items API checks it. */
export async function checkSellerId(ctx: CheckContext): Promise<Verdict> {
  const notApplies = notApplicable(ctx, true);
  if (notApplies) return notApplies;
  const where = whereToFind(ctx.account.kind).sellerId;
  if (!ctx.account.sellerId) {
    return warn(
      'no seller id (Merchant Token) is stored: csm stock set, csm price set, csm listings and feeds need it ' +
        '(no SP-API operation tells a self-authorized app its seller id)',
      `Find it at ${where}, then ${ctx.reconnect('--seller-id TOKEN')}`,
    );
  }
  const outcome: Outcome<number> = await ctx.probe.listings();
  if (outcome.ok) return pass(`Amazon accepted the seller id ${ctx.account.sellerId} (searchListingsItems)`);
  const skipped = await skippedForOthers(ctx, outcome.error);
  if (skipped) return skipped;
  if (isSellerIdRefusal(outcome.error)) {
    const e = outcome.error as { status: number; code: string; amazonMessage?: string };
    return fail(
      `Amazon refused the stored seller id ${ctx.account.sellerId} (${e.status} ${e.code}: ` +
        `${e.amazonMessage ?? ''}): it is not this seller's Merchant Token (a typo, or another account's)`,
      `Find the Merchant Token at ${where}, then ${ctx.reconnect('--seller-id TOKEN')}`,
    );
  }
  return skip('searchListingsItems failed, so the seller id could not be tried (see listings.role)');
}
