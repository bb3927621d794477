import type {
  AmazonCustomerAddress,
  AmazonOrder,
  AmazonOrderItem,
  V0Address,
  V0Order,
  V0OrderItem,
} from './amazon-order.js';

type Money = { amount: string; currencyCode: string };
type V0Money = { CurrencyCode?: string; Amount?: string };

const STATUS: Readonly<Record<string, string>> = {
  Pending: 'PENDING',
  PendingAvailability: 'PENDING_AVAILABILITY',
  Unshipped: 'UNSHIPPED',
  PartiallyShipped: 'PARTIALLY_SHIPPED',
  Shipped: 'SHIPPED',
  Canceled: 'CANCELLED',
  Unfulfillable: 'UNFULFILLABLE',
};

/** `SecondDay` → `SECOND_DAY`: v0's enum spelling to 2026-01-01's, for values neither table names. */
function screamingSnake(value: string): string {
  return value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** A v0 `OrderStatus` in 2026-01-01 spelling; unknown values pass through converted, never dropped. */
export function statusFromV0(status: string): string {
  return STATUS[status] ?? screamingSnake(status);
}

/**
 * An Orders v0 order and its items (getOrders + getOrderItems) in the Orders 2026-01-01 `Order` shape, so
 * both APIs store, export and show alike. v0 has no packages; its ShippingAddress and BuyerInfo become
 * `recipient` and `buyer`, an item's ItemPrice (price × quantity) becomes its `ITEM` proceeds.
 */
export function orderFromV0(order: V0Order, items: readonly V0OrderItem[]): AmazonOrder {
  const nonAmazon = order.SalesChannel === 'Non-Amazon';
  const out: AmazonOrder = {
    orderId: order.AmazonOrderId,
    createdTime: order.PurchaseDate,
    lastUpdatedTime: order.LastUpdateDate,
    salesChannel: { channelName: nonAmazon ? 'NON_AMAZON' : 'AMAZON' },
    orderItems: items.map(itemFromV0),
  };
  if (order.MarketplaceId) out.salesChannel.marketplaceId = order.MarketplaceId;
  if (order.SalesChannel && !nonAmazon) out.salesChannel.marketplaceName = order.SalesChannel;
  if (order.SellerOrderId && order.SellerOrderId !== order.AmazonOrderId) {
    out.orderAliases = [{ aliasId: order.SellerOrderId, aliasType: 'SELLER_ORDER_ID' }];
  }
  const programs: string[] = [];
  if (order.IsBusinessOrder) programs.push('AMAZON_BUSINESS');
  if (order.IsPrime) programs.push('PRIME');
  if (order.IsPremiumOrder) programs.push('PREMIUM');
  if (order.IsIBA) programs.push('INVOICE_BY_AMAZON');
  if (order.IsISPU) programs.push('IN_STORE_PICK_UP');
  if (order.OrderType === 'Preorder') programs.push('PREORDER');
  if (programs.length > 0) out.programs = programs;
  const fulfillment: NonNullable<AmazonOrder['fulfillment']> = {
    fulfillmentStatus: statusFromV0(order.OrderStatus) as NonNullable<
      AmazonOrder['fulfillment']
    >['fulfillmentStatus'],
  };
  if (order.FulfillmentChannel) {
    fulfillment.fulfilledBy = order.FulfillmentChannel === 'AFN' ? 'AMAZON' : 'MERCHANT';
  }
  if (order.ShipmentServiceLevelCategory) {
    fulfillment.fulfillmentServiceLevel = screamingSnake(order.ShipmentServiceLevelCategory);
  }
  const shipBy = range(order.EarliestShipDate, order.LatestShipDate);
  if (shipBy) fulfillment.shipByWindow = shipBy;
  const deliverBy = range(order.EarliestDeliveryDate, order.LatestDeliveryDate);
  if (deliverBy) fulfillment.deliverByWindow = deliverBy;
  out.fulfillment = fulfillment;
  const total = money(order.OrderTotal);
  if (total) out.proceeds = { grandTotal: total };
  if (order.BuyerInfo) {
    const b = order.BuyerInfo;
    const buyer: NonNullable<AmazonOrder['buyer']> = {};
    if (b.BuyerName !== undefined) buyer.buyerName = b.BuyerName;
    if (b.BuyerEmail !== undefined) buyer.buyerEmail = b.BuyerEmail;
    if (b.BuyerTaxInfo?.CompanyLegalName !== undefined)
      buyer.buyerCompanyName = b.BuyerTaxInfo.CompanyLegalName;
    if (b.PurchaseOrderNumber !== undefined) buyer.buyerPurchaseOrderNumber = b.PurchaseOrderNumber;
    if (Object.keys(buyer).length > 0) out.buyer = buyer;
  }
  if (order.ShippingAddress) out.recipient = { deliveryAddress: addressFromV0(order.ShippingAddress) };
  return out;
}

function itemFromV0(item: V0OrderItem): AmazonOrderItem {
  const out: AmazonOrderItem = {
    orderItemId: item.OrderItemId,
    quantityOrdered: item.QuantityOrdered,
    product: {},
  };
  if (item.ASIN) out.product.asin = item.ASIN;
  if (item.Title !== undefined) out.product.title = item.Title;
  if (item.SellerSKU !== undefined) out.product.sellerSku = item.SellerSKU;
  if (item.ConditionId) {
    out.product.condition = { conditionType: screamingSnake(item.ConditionId) };
    if (item.ConditionSubtypeId)
      out.product.condition.conditionSubtype = screamingSnake(item.ConditionSubtypeId);
    if (item.ConditionNote) out.product.condition.conditionNote = item.ConditionNote;
  }
  if (item.SerialNumbers) out.product.serialNumbers = item.SerialNumbers;
  const customizedUrl = item.BuyerInfo?.BuyerCustomizedInfo?.CustomizedURL;
  if (customizedUrl !== undefined) out.product.customization = { customizedUrl };
  const itemPrice = money(item.ItemPrice);
  if (itemPrice) {
    const unit = divideDecimal(itemPrice.amount, item.QuantityOrdered);
    if (unit !== undefined)
      out.product.price = { unitPrice: { amount: unit, currencyCode: itemPrice.currencyCode } };
  }
  const breakdowns: { type: string; subtotal: Money }[] = [];
  for (const [type, value] of [
    ['ITEM', item.ItemPrice],
    ['SHIPPING', item.ShippingPrice],
    ['TAX', item.ItemTax],
  ] as const) {
    const m = money(value);
    if (m) breakdowns.push({ type, subtotal: m });
  }
  if (breakdowns.length > 0) out.proceeds = { breakdowns };
  const shipped = item.QuantityShipped;
  const fulfillment: NonNullable<AmazonOrderItem['fulfillment']> = {};
  if (shipped !== undefined) {
    fulfillment.quantityFulfilled = shipped;
    fulfillment.quantityUnfulfilled = Math.max(0, item.QuantityOrdered - shipped);
  }
  const info = item.BuyerInfo;
  if (info && (info.GiftMessageText !== undefined || info.GiftWrapLevel !== undefined)) {
    const giftOption: { giftMessage?: string; giftWrapLevel?: string } = {};
    if (info.GiftMessageText !== undefined) giftOption.giftMessage = info.GiftMessageText;
    if (info.GiftWrapLevel !== undefined) giftOption.giftWrapLevel = info.GiftWrapLevel;
    fulfillment.packing = { giftOption };
  }
  if (Object.keys(fulfillment).length > 0) out.fulfillment = fulfillment;
  if (item.BuyerRequestedCancel?.IsBuyerRequestedCancel === 'true') {
    const request: { requester: string; cancelReason?: string } = { requester: 'BUYER' };
    if (item.BuyerRequestedCancel.BuyerCancelReason)
      request.cancelReason = item.BuyerRequestedCancel.BuyerCancelReason;
    out.cancellation = { cancellationRequest: request };
  }
  const points = item.PointsGranted;
  const pointsValue = money(points?.PointsMonetaryValue);
  if (points?.PointsNumber !== undefined && pointsValue) {
    out.expense = {
      pointsCost: { pointsGranted: { pointsNumber: points.PointsNumber, pointsMonetaryValue: pointsValue } },
    };
  }
  return out;
}

function addressFromV0(a: V0Address): AmazonCustomerAddress {
  const out: AmazonCustomerAddress = {};
  if (a.Name !== undefined) out.name = a.Name;
  if (a.CompanyName !== undefined) out.companyName = a.CompanyName;
  if (a.AddressLine1 !== undefined) out.addressLine1 = a.AddressLine1;
  if (a.AddressLine2 !== undefined) out.addressLine2 = a.AddressLine2;
  if (a.AddressLine3 !== undefined) out.addressLine3 = a.AddressLine3;
  if (a.City !== undefined) out.city = a.City;
  if (a.County !== undefined) out.districtOrCounty = a.County;
  else if (a.District !== undefined) out.districtOrCounty = a.District;
  if (a.StateOrRegion !== undefined) out.stateOrRegion = a.StateOrRegion;
  if (a.Municipality !== undefined) out.municipality = a.Municipality;
  if (a.PostalCode !== undefined) out.postalCode = a.PostalCode;
  if (a.CountryCode !== undefined) out.countryCode = a.CountryCode;
  if (a.Phone !== undefined) out.phone = a.Phone;
  if (a.AddressType !== undefined) out.addressType = a.AddressType.toUpperCase();
  return out;
}

function money(value: V0Money | undefined): Money | undefined {
  if (value?.Amount === undefined || value.CurrencyCode === undefined) return undefined;
  return { amount: value.Amount, currencyCode: value.CurrencyCode };
}

function range(earliest: string | undefined, latest: string | undefined) {
  if (earliest === undefined && latest === undefined) return undefined;
  const out: { earliestDateTime?: string; latestDateTime?: string } = {};
  if (earliest !== undefined) out.earliestDateTime = earliest;
  if (latest !== undefined) out.latestDateTime = latest;
  return out;
}

/**
 * `amount / quantity` exactly, as a decimal string, or undefined when it does not divide within six
 * decimals (money stays exact: no binary floating point on amounts).
 */
export function divideDecimal(amount: string, quantity: number): string | undefined {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match || !Number.isInteger(quantity) || quantity <= 0) return undefined;
  const [, sign, whole, fraction = ''] = match;
  const scale = 6;
  if (fraction.length > scale) return undefined;
  const scaled = BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
  const q = BigInt(quantity);
  if (scaled % q !== 0n) return undefined;
  const digits = (scaled / q).toString().padStart(scale + 1, '0');
  const keep = fraction.length;
  const intPart = digits.slice(0, digits.length - scale);
  const fracPart = digits.slice(digits.length - scale);
  const trimmed = fracPart.slice(0, keep) + fracPart.slice(keep).replace(/0+$/, '');
  return `${sign}${intPart}${trimmed ? `.${trimmed}` : ''}`;
}
