import { invalidInput, notFound, unauthorized } from '../amazon-error-response.js';
import { MARKETPLACES } from '../marketplaces.js';
import type { OperationContext } from '../operation.js';
import type { StoredOrder } from '../orders/order-types.js';
import type { V0Access } from '../orders/v0-view.js';
import { coveringResources } from '../rdt-paths.js';
import { DATA_ELEMENT_ROLES, type Role } from '../roles.js';

/** Amazon order ids are 3-7-7 digits. */
export const ORDER_ID_PATTERN = /^\d{3}-\d{7}-\d{7}$/;

/** The order named by the `orderId` path parameter; 400 for a malformed id, 404 when the seller has none. */
export function requireOrder(ctx: OperationContext): StoredOrder {
  const orderId = ctx.pathParams.orderId ?? '';
  if (!ORDER_ID_PATTERN.test(orderId)) {
    throw invalidInput(
      `Invalid value '${orderId}' for parameter 'orderId': expected an order id like 123-1234567-1234567.`,
    );
  }
  const order = ctx.state.orders.get(ctx.caller.sellerId, orderId);
  if (!order) throw notFound(`Order ${orderId} was not found.`);
  return order;
}

/**
 * What restricted data a v0 request may see: an RDT covering this method and path with the data element,
 * and the role for it. A plain LWA token sees none (Amazon's "RDT required" behaviour).
 */
export function v0Access(ctx: OperationContext): V0Access {
  const elements = dataElements(ctx);
  const allowed = (element: string): boolean => {
    const role = DATA_ELEMENT_ROLES[element];
    return elements.has(element) && (role === undefined || ctx.state.roles.has(role));
  };
  return { shippingAddress: allowed('shippingAddress'), buyerInfo: allowed('buyerInfo') };
}

function dataElements(ctx: OperationContext): Set<string> {
  const out = new Set<string>();
  if (!ctx.caller.rdt) return out;
  for (const r of coveringResources(ctx.caller.rdt, ctx.method, ctx.path))
    for (const e of r.dataElements) out.add(e);
  return out;
}

/** getOrderAddress, getOrderBuyerInfo and getOrderItemsBuyerInfo answer only to an RDT (and the role). */
export function requireRdt(ctx: OperationContext, role: Role): void {
  if (!ctx.caller.rdt) throw unauthorized('');
  if (!ctx.state.roles.has(role)) throw unauthorized('');
}

/**
 * Checks marketplace ids against the seller's: an unknown id is a 400 naming the parameter; a marketplace
 * of another region is a 403, as calling the wrong regional endpoint is on Amazon.
 */
export function checkMarketplaces(ctx: OperationContext, ids: readonly string[], param: string): void {
  const seller = ctx.state.seller(ctx.caller.sellerId);
  for (const id of ids) {
    const known = MARKETPLACES.get(id);
    if (!known) throw invalidInput(`Invalid value '${id}' for parameter '${param}': not a marketplace id.`);
    if (seller && known.region !== seller.region) throw unauthorized('');
    if (seller && !seller.marketplaceIds.includes(id)) {
      throw invalidInput(
        `Invalid value '${id}' for parameter '${param}': the seller does not sell in this marketplace.`,
      );
    }
  }
}

/** Reads a string parameter that the generic validator already checked. */
export const str = (ctx: OperationContext, name: string): string | undefined => {
  const v = ctx.params[name];
  return typeof v === 'string' ? v : undefined;
};

export const list = (ctx: OperationContext, name: string): string[] | undefined => {
  const v = ctx.params[name];
  return Array.isArray(v) ? v : undefined;
};

/** What every page token of a search carries: the operation and seller it was issued for. */
interface PageTokenState {
  operation: string;
  sellerId: string;
}

/**
 * The state inside a page token the caller sent as `param`, or 400 InvalidInput when the emulator did not
 * issue it for this operation and seller (a forged, garbled or borrowed token).
 */
export function readPageToken<T extends PageTokenState>(
  ctx: OperationContext,
  param: string,
  token: string,
): T {
  const decoded = ctx.state.pagination.decode(token) as T | undefined;
  if (decoded?.operation !== ctx.op.key || decoded.sellerId !== ctx.caller.sellerId) {
    throw invalidInput(`Invalid value for parameter '${param}': not a token this API issued.`);
  }
  return decoded;
}
