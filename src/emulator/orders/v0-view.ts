import type { components } from '../../amazon/generated/types/ordersV0.js';
import { money as moneyOf } from './money.js';
import type { CustomerAddress, Money, StoredOrder, V0Address, V0Order, V0OrderItem } from './order-types.js';

type V0Money = components['schemas']['Money'];

const STATUS: Readonly<Record<string, V0Order['OrderStatus']>> = {
  PENDING: 'Pending',
  UNSHIPPED: 'Unshipped',
  PARTIALLY_SHIPPED: 'PartiallyShipped',
  SHIPPED: 'Shipped',
  CANCELLED: 'Canceled',
  UNFULFILLABLE: 'Unfulfillable',
  PENDING_AVAILABILITY: 'PendingAvailability',
};

/** v0 OrderStatuses filter values → the store's fulfillment statuses. */
export const V0_STATUS_TO_2026: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(STATUS).map(([k, v]) => [v, k]),
);

const SERVICE_CATEGORY: Readonly<Record<string, string>> = {
  STANDARD: 'Standard',
  EXPEDITED: 'Expedited',
  SECOND_DAY: 'SecondDay',
  NEXT_DAY: 'NextDay',
  SAME_DAY: 'SameDay',
  PRIORITY: 'Priority',
  FREE_ECONOMY: 'FreeEconomy',
  SCHEDULED: 'Scheduled',
};

/** Which restricted parts a v0 caller may see (an RDT covering the path and data element, and the role). */
export interface V0Access {
  shippingAddress: boolean;
  buyerInfo: boolean;
}

const v0Money = (m: Money): V0Money => ({ CurrencyCode: m.currencyCode, Amount: m.amount });

/**
 * The Orders v0 `Order` derived from the canonical 2026 order. Without `shippingAddress` access the address
 * is reduced to City, StateOrRegion, PostalCode and CountryCode; without `buyerInfo` access BuyerInfo is
 * omitted. ShippingAddress exists only once the order has left Pending (never for Canceled).
 */
export function v0Order(stored: StoredOrder, access: V0Access): V0Order {
  const o = stored.order;
  const status = o.fulfillment?.fulfillmentStatus ?? 'PENDING';
  const afn = o.fulfillment?.fulfilledBy === 'AMAZON';
  let shipped = 0;
  let unshipped = 0;
  for (const item of o.orderItems) {
    shipped += item.fulfillment?.quantityFulfilled ?? 0;
    unshipped += item.fulfillment?.quantityUnfulfilled ?? 0;
  }
  const programs = o.programs ?? [];
  const level = o.fulfillment?.fulfillmentServiceLevel ?? 'STANDARD';
  const out: V0Order = {
    AmazonOrderId: o.orderId,
    SellerOrderId: o.orderAliases?.[0]?.aliasId ?? o.orderId,
    PurchaseDate: o.createdTime,
    LastUpdateDate: o.lastUpdatedTime,
    OrderStatus: STATUS[status] ?? 'Pending',
    FulfillmentChannel: afn ? 'AFN' : 'MFN',
    SalesChannel: o.salesChannel.marketplaceName ?? 'Amazon.com',
    ShipServiceLevel: `${SERVICE_CATEGORY[level] ?? 'Standard'}`,
    NumberOfItemsShipped: shipped,
    NumberOfItemsUnshipped: unshipped,
    PaymentMethod: 'Other',
    PaymentMethodDetails: ['Standard'],
    MarketplaceId: o.salesChannel.marketplaceId ?? '',
    ShipmentServiceLevelCategory: SERVICE_CATEGORY[level] ?? 'Standard',
    OrderType: 'StandardOrder',
    IsBusinessOrder: programs.includes('AMAZON_BUSINESS'),
    IsPrime: programs.includes('PRIME'),
    IsPremiumOrder: false,
    IsGlobalExpressEnabled: false,
    IsReplacementOrder: false,
    IsSoldByAB: false,
    IsISPU: false,
    IsAccessPointOrder: false,
    HasRegulatedItems: false,
  };
  if (status !== 'CANCELLED' && o.proceeds?.grandTotal) out.OrderTotal = v0Money(o.proceeds.grandTotal);
  const shipBy = o.fulfillment?.shipByWindow;
  const deliverBy = o.fulfillment?.deliverByWindow;
  if (shipBy?.earliestDateTime) out.EarliestShipDate = shipBy.earliestDateTime;
  if (shipBy?.latestDateTime) out.LatestShipDate = shipBy.latestDateTime;
  if (deliverBy?.earliestDateTime) out.EarliestDeliveryDate = deliverBy.earliestDateTime;
  if (deliverBy?.latestDateTime) out.LatestDeliveryDate = deliverBy.latestDateTime;
  const address = o.recipient?.deliveryAddress;
  if (address && status !== 'PENDING' && status !== 'CANCELLED') {
    out.ShippingAddress = access.shippingAddress ? v0Address(address, afn) : reducedV0Address(address);
  }
  if (access.buyerInfo && o.buyer) {
    const info: NonNullable<V0Order['BuyerInfo']> = {};
    if (o.buyer.buyerEmail) info.BuyerEmail = o.buyer.buyerEmail;
    if (o.buyer.buyerName) info.BuyerName = o.buyer.buyerName;
    if (o.buyer.buyerPurchaseOrderNumber) info.PurchaseOrderNumber = o.buyer.buyerPurchaseOrderNumber;
    if (o.buyer.buyerCompanyName) info.BuyerTaxInfo = { CompanyLegalName: o.buyer.buyerCompanyName };
    out.BuyerInfo = info;
  }
  return out;
}

/** Full v0 Address; Phone is suppressed for AFN orders, as Amazon does. */
export function v0Address(a: CustomerAddress, afn: boolean): V0Address {
  const out: V0Address = {};
  if (a.name !== undefined) out.Name = a.name;
  if (a.companyName !== undefined) out.CompanyName = a.companyName;
  if (a.addressLine1 !== undefined) out.AddressLine1 = a.addressLine1;
  if (a.addressLine2 !== undefined) out.AddressLine2 = a.addressLine2;
  if (a.addressLine3 !== undefined) out.AddressLine3 = a.addressLine3;
  if (a.city !== undefined) out.City = a.city;
  if (a.districtOrCounty !== undefined) out.County = a.districtOrCounty;
  if (a.stateOrRegion !== undefined) out.StateOrRegion = a.stateOrRegion;
  if (a.municipality !== undefined) out.Municipality = a.municipality;
  if (a.postalCode !== undefined) out.PostalCode = a.postalCode;
  if (a.countryCode !== undefined) out.CountryCode = a.countryCode;
  if (a.phone !== undefined && !afn) out.Phone = a.phone;
  if (a.addressType === 'RESIDENTIAL') out.AddressType = 'Residential';
  if (a.addressType === 'COMMERCIAL') out.AddressType = 'Commercial';
  return out;
}

function reducedV0Address(a: CustomerAddress): V0Address {
  const out: V0Address = {};
  if (a.city !== undefined) out.City = a.city;
  if (a.stateOrRegion !== undefined) out.StateOrRegion = a.stateOrRegion;
  if (a.postalCode !== undefined) out.PostalCode = a.postalCode;
  if (a.countryCode !== undefined) out.CountryCode = a.countryCode;
  return out;
}

/**
 * The v0 OrderItems of an order. Item BuyerInfo (gift message, wrap level) needs `buyerInfo` access.
 * While an order is Pending, pricing, taxes, gift status and promotions are omitted, as Amazon does.
 */
export function v0Items(stored: StoredOrder, buyerInfo: boolean): V0OrderItem[] {
  const o = stored.order;
  const pending = o.fulfillment?.fulfillmentStatus === 'PENDING';
  const business = (o.programs ?? []).includes('AMAZON_BUSINESS');
  return o.orderItems.map((item) => {
    const out: V0OrderItem = {
      ASIN: item.product.asin ?? '',
      OrderItemId: item.orderItemId,
      QuantityOrdered: item.quantityOrdered,
      QuantityShipped: item.fulfillment?.quantityFulfilled ?? 0,
      ProductInfo: { NumberOfItems: '1' },
      ConditionId: 'New',
      ConditionSubtypeId: 'New',
      IsTransparency: false,
      SerialNumberRequired: false,
    };
    if (item.product.sellerSku !== undefined) out.SellerSKU = item.product.sellerSku;
    if (item.product.title !== undefined) out.Title = item.product.title;
    const gift = item.fulfillment?.packing?.giftOption;
    if (!pending) {
      const part = (type: string): Money | undefined =>
        item.proceeds?.breakdowns?.find((b) => b.type === type)?.subtotal;
      const itemPrice = part('ITEM');
      const shipping = part('SHIPPING');
      const tax = part('TAX');
      if (itemPrice) {
        const zero = v0Money(moneyOf(0, itemPrice.currencyCode));
        out.ItemPrice = v0Money(itemPrice);
        out.ShippingTax = zero;
        out.PromotionDiscount = zero;
        out.PromotionDiscountTax = zero;
      }
      if (shipping) out.ShippingPrice = v0Money(shipping);
      if (tax) out.ItemTax = v0Money(tax);
      out.IsGift = gift ? 'true' : 'false';
      out.PromotionIds = (item.promotion?.breakdowns ?? []).flatMap((b) =>
        b.promotionId ? [b.promotionId] : [],
      );
      if (business) out.PriceDesignation = 'BusinessPrice';
    }
    const points = item.expense?.pointsCost?.pointsGranted;
    if (points?.pointsNumber !== undefined && points.pointsMonetaryValue) {
      out.PointsGranted = {
        PointsNumber: points.pointsNumber,
        PointsMonetaryValue: v0Money(points.pointsMonetaryValue),
      };
    }
    const request = item.cancellation?.cancellationRequest;
    if (request?.requester === 'BUYER') {
      out.BuyerRequestedCancel = {
        IsBuyerRequestedCancel: 'true',
        BuyerCancelReason: request.cancelReason ?? '',
      };
    }
    if (buyerInfo && gift) {
      const info: NonNullable<V0OrderItem['BuyerInfo']> = {};
      if (gift.giftMessage !== undefined) info.GiftMessageText = gift.giftMessage;
      if (gift.giftWrapLevel !== undefined) info.GiftWrapLevel = gift.giftWrapLevel;
      out.BuyerInfo = info;
    }
    return out;
  });
}
