import type { AmazonOrder } from '../../../src/orders/amazon-order.js';

/** A small Orders 2026-01-01 order with buyer data, gift message and customization. */
export function sampleOrder(overrides: Partial<AmazonOrder> = {}): AmazonOrder {
  return {
    orderId: '111-0000001-0000001',
    createdTime: '2026-03-01T10:00:00Z',
    lastUpdatedTime: '2026-03-01T10:05:00Z',
    programs: ['PRIME'],
    salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
    buyer: { buyerName: 'Jane Buyer', buyerEmail: 'jane@marketplace.amazon.com' },
    recipient: {
      deliveryAddress: {
        name: 'Jane Buyer',
        addressLine1: '1 Main St',
        city: 'Seattle',
        postalCode: '98101',
        countryCode: 'US',
        phone: '+1 206 555 0100',
      },
    },
    proceeds: { grandTotal: { amount: '39.98', currencyCode: 'USD' } },
    fulfillment: {
      fulfillmentStatus: 'UNSHIPPED',
      fulfilledBy: 'MERCHANT',
      fulfillmentServiceLevel: 'STANDARD',
    },
    orderItems: [
      {
        orderItemId: '10000000000001',
        quantityOrdered: 2,
        product: {
          asin: 'B000000001',
          sellerSku: 'SKU-1',
          title: 'Mug',
          price: { unitPrice: { amount: '19.99', currencyCode: 'USD' } },
          customization: { customizedUrl: 'https://example.invalid/custom.zip' },
        },
        fulfillment: {
          quantityFulfilled: 0,
          quantityUnfulfilled: 2,
          packing: { giftOption: { giftMessage: 'Happy birthday Jane', giftWrapLevel: 'Classic' } },
        },
      },
    ],
    ...overrides,
  };
}
