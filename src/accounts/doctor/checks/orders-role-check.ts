import { isCsmApiError, isSpApiError } from '../../../sp-api/index.js';
import { whereToFind } from '../../where-to-find.js';
import { NoMarketplaceError, ORDERS_SAMPLE_DAYS } from '../account-probe.js';
import type { CheckContext } from '../check-context.js';
import { fail, pass, skip, type Verdict } from '../check-result.js';
import { skippedForLwa } from './credentials-refused.js';

/** Why an orders-based check does not apply to this account, if it does not. */
export function ordersNotApplicable(ctx: CheckContext): Verdict | undefined {
  if (ctx.account.kind === 'vendor') {
    return skip(
      "vendor account: a vendor's orders come through the Vendor Orders API, which doctor does not check",
    );
  }
  if (ctx.account.sandbox) {
    return skip(
      'sandbox account: the static sandbox answers fixed examples, so roles cannot be told from it',
    );
  }
  return undefined;
}

/**
 * Why the orders sample is missing, as a skip, when another check owns the cause: LWA, the participations
 * call (region), a sandbox host, or no marketplace to search. Undefined when searchOrders itself failed.
 */
export async function ordersSampleSkipped(ctx: CheckContext, error: unknown): Promise<Verdict | undefined> {
  const participations = await ctx.probe.participations();
  if (!participations.ok) {
    return skippedForLwa(participations) ?? skip('getMarketplaceParticipations failed (see region)');
  }
  if (error instanceof NoMarketplaceError) {
    return skip(
      `the seller takes part in no marketplace of region ${ctx.account.region} to search (see marketplaces)`,
    );
  }
  if (isSpApiError(error) && error.diagnosis?.code === 'SANDBOX_NO_MATCH') {
    return skip('the host answers as the static sandbox (see sandbox)');
  }
  return undefined;
}

/** `orders.role`: the app may read orders (the Inventory and Order Tracking role), by a real searchOrders. */
export async function checkOrdersRole(ctx: CheckContext): Promise<Verdict> {
  const notApplicable = ordersNotApplicable(ctx);
  if (notApplicable) return notApplicable;
  const outcome = await ctx.probe.orders();
  if (outcome.ok) {
    return pass(
      `searchOrders answered: ${outcome.value.length} order(s) created in the last ${ORDERS_SAMPLE_DAYS} days (first page)`,
    );
  }
  const skipped = await ordersSampleSkipped(ctx, outcome.error);
  if (skipped) return skipped;
  const error = outcome.error;
  if (isSpApiError(error) && error.kind === 'role') {
    return fail(
      `SP-API refused searchOrders (403 ${error.code}): the app lacks the Inventory and Order Tracking role, or ` +
        'the role was added after the seller authorized the app (an authorization covers the roles of its day)',
      `Add the role "Inventory and Order Tracking" at ${whereToFind(ctx.account.kind).roles}, then authorize ` +
        `the app again and ${ctx.storeSecret('refresh-token')}`,
    );
  }
  const diagnosis = isCsmApiError(error) ? error.diagnosis : undefined;
  return fail(
    `searchOrders failed: ${diagnosis?.cause ?? (error as Error).message}`,
    diagnosis?.fix ??
      'Run csm doctor again; if it persists, call it with csm api searchOrders to see the answer.',
  );
}
