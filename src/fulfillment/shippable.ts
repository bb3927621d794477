/** Why an order in this stored fulfillment status cannot be confirmed; undefined when it can. */
export function notShippableReason(
  orderId: string,
  fulfilledBy: string | null,
  status: string | null,
  accountName: string,
): string | undefined {
  if (fulfilledBy === 'AMAZON') {
    return `order ${orderId} is fulfilled by Amazon (FBA): Amazon ships it and confirms it, there is nothing to confirm`;
  }
  switch (status) {
    case 'UNSHIPPED':
    case 'PARTIALLY_SHIPPED':
      return undefined;
    case 'SHIPPED':
      return `order ${orderId} is already shipped: every unit is confirmed at Amazon (csm orders show ${orderId})`;
    case 'CANCELLED':
      return `order ${orderId} is cancelled: it must not be shipped`;
    case 'PENDING':
    case 'PENDING_AVAILABILITY':
      return (
        `order ${orderId} is ${status === 'PENDING' ? 'Pending' : 'PendingAvailability'} in the store: Amazon ` +
        `takes shipments once it is Unshipped; run csm sync --account ${accountName} to see whether it is now, then ship`
      );
    case 'UNFULFILLABLE':
      return `order ${orderId} is unfulfillable at Amazon: it cannot be shipped`;
    default:
      return `order ${orderId} is ${status ?? 'in no known status'} in the store: Amazon takes shipments for Unshipped or PartiallyShipped orders`;
  }
}
