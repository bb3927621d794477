import { isCsmApiError, isSpApiError } from '../../../sp-api/index.js';
import { whereToFind } from '../../where-to-find.js';
import { ORDERS_SAMPLE_DAYS } from '../account-probe.js';
import type { CheckContext } from '../check-context.js';
import { fail, pass, skip, type Verdict, warn } from '../check-result.js';
import { skippedForLwa } from './credentials-refused.js';
import { ordersNotApplicable, ordersSampleSkipped } from './orders-role-check.js';

/** Amazon's restricted roles, as Developer Central names them, by the data they release. */
const ROLES = {
  shippingAddress: 'Direct-to-Consumer Shipping',
  buyerInfo: 'Tax Invoicing',
} as const;

const FBA_NOTE =
  'FBA orders do not need it: Amazon ships them, and csm needs recipient data only for orders you ship yourself (FBM)';

function requestRoles(ctx: CheckContext, roles: readonly string[]): string {
  const names = roles.map((r) => `"${r}"`).join(' and ');
  return (
    `If you ship orders yourself (FBM), request the restricted role${roles.length > 1 ? 's' : ''} ${names} ` +
    `at ${whereToFind(ctx.account.kind).roles} (Amazon reviews restricted roles), then authorize the app again ` +
    `and ${ctx.storeSecret('refresh-token')}`
  );
}

/**
 * `pii.included-data`: Orders 2026-01-01 shows recipients' names and streets (`includedData=RECIPIENT`)
 * only to an app with the Direct-to-Consumer Shipping role; without it the address keeps city, region,
 * postal code and country. Looked at on the orders of the last 30 days that have a delivery address.
 */
export async function checkPiiIncludedData(ctx: CheckContext): Promise<Verdict> {
  const notApplicable = ordersNotApplicable(ctx);
  if (notApplicable) return notApplicable;
  const outcome = await ctx.probe.orders();
  if (!outcome.ok) {
    return (await ordersSampleSkipped(ctx, outcome.error)) ?? skip('searchOrders failed (see orders.role)');
  }
  const withAddress = outcome.value.filter((o) => o.recipient?.deliveryAddress);
  const merchant = withAddress.filter((o) => o.fulfillment?.fulfilledBy === 'MERCHANT');
  const sample = merchant.length > 0 ? merchant : withAddress;
  if (sample.length === 0) {
    return skip(
      `no order of the last ${ORDERS_SAMPLE_DAYS} days has a delivery address to look at (a new account, or only pending orders)`,
      'Run csm doctor again once an order has left Pending',
    );
  }
  const full = sample.filter((o) => {
    const address = o.recipient?.deliveryAddress;
    return Boolean(address?.addressLine1 || address?.name);
  });
  if (full.length > 0) {
    return pass(
      `searchOrders with includedData=RECIPIENT shows names and streets (${full.length} of ${sample.length} orders looked at)`,
    );
  }
  return warn(
    `searchOrders with includedData=RECIPIENT shows delivery addresses without name or street (${sample.length} ` +
      `orders looked at): the app lacks the restricted role "${ROLES.shippingAddress}", or it was granted after ` +
      `the seller authorized the app. ${FBA_NOTE}`,
    requestRoles(ctx, [ROLES.shippingAddress]),
  );
}

/**
 * `pii.rdt`: Orders v0 releases addresses and buyer information only with a Restricted Data Token, which
 * Amazon issues only for the roles the app has. One token per data element is asked for, so a refusal
 * (diagnosis `ROLE_MISSING`) names the role by itself.
 */
export async function checkPiiRdt(ctx: CheckContext): Promise<Verdict> {
  if (ctx.account.kind === 'vendor') {
    return skip("vendor account: Restricted Data Tokens for a vendor's orders are not checked");
  }
  if (ctx.account.sandbox) {
    return skip(
      'sandbox account: Amazon issues Restricted Data Tokens for sandbox calls from production only',
    );
  }
  const participations = await ctx.probe.participations();
  if (!participations.ok) {
    return skippedForLwa(participations) ?? skip('getMarketplaceParticipations failed (see region)');
  }
  const elements = ['shippingAddress', 'buyerInfo'] as const;
  const outcomes = await Promise.all(elements.map((e) => ctx.probe.restrictedDataToken(e)));
  const missing: (typeof ROLES)[keyof typeof ROLES][] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.ok) continue;
    const error = outcome.error;
    if (isSpApiError(error) && error.diagnosis?.code === 'ROLE_MISSING') {
      missing.push(ROLES[elements[i]!]);
      continue;
    }
    if (isSpApiError(error) && error.diagnosis?.code === 'SANDBOX_NO_MATCH') {
      return skip('the host answers as the static sandbox (see sandbox)');
    }
    const diagnosis = isCsmApiError(error) ? error.diagnosis : undefined;
    return fail(
      `createRestrictedDataToken failed: ${diagnosis?.cause ?? (error as Error).message}`,
      diagnosis?.fix ??
        'Run csm doctor again; if it persists, call it with csm api createRestrictedDataToken.',
    );
  }
  if (missing.length === 0) {
    return pass(
      'Amazon issues Restricted Data Tokens for shipping addresses (getOrderAddress) and buyer information (getOrderBuyerInfo)',
    );
  }
  const what = missing.map((role) =>
    role === ROLES.shippingAddress ? 'shipping addresses' : 'buyer information',
  );
  return warn(
    `Amazon refuses Restricted Data Tokens for ${what.join(' and ')} (ROLE_MISSING): the app lacks the restricted ` +
      `role${missing.length > 1 ? 's' : ''} ${missing.map((r) => `"${r}"`).join(' and ')}, or got ` +
      `${missing.length > 1 ? 'them' : 'it'} after the seller authorized the app. ${FBA_NOTE}`,
    requestRoles(ctx, missing),
  );
}
