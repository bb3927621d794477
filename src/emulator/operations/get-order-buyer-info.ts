import type { OperationDefinition } from '../operation.js';
import { requireOrder, requireRdt } from './order-helpers.js';

/** `GET /orders/v0/orders/{orderId}/buyerInfo`: RDT only (403 with a plain LWA token), role taxInvoicing. */
export const getOrderBuyerInfo: OperationDefinition = {
  key: 'getOrderBuyerInfo',
  handle(ctx) {
    requireRdt(ctx, 'taxInvoicing');
    const o = requireOrder(ctx).order;
    const body: Record<string, unknown> = { AmazonOrderId: o.orderId };
    if (o.buyer?.buyerEmail) body.BuyerEmail = o.buyer.buyerEmail;
    if (o.buyer?.buyerName) body.BuyerName = o.buyer.buyerName;
    if (o.buyer?.buyerPurchaseOrderNumber) body.PurchaseOrderNumber = o.buyer.buyerPurchaseOrderNumber;
    if (o.buyer?.buyerCompanyName) body.BuyerTaxInfo = { CompanyLegalName: o.buyer.buyerCompanyName };
    return { body };
  },
};
