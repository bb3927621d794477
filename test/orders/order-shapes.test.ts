import { describe, expect, it } from 'vitest';
import { parseStatus } from '../../src/orders/order-status.js';
import { mergePii, splitPii } from '../../src/orders/pii/order-pii.js';
import { openPii, PiiUnreadableError, sealPii } from '../../src/orders/pii/pii-cipher.js';
import { retentionFrom } from '../../src/orders/pii/retention.js';
import { divideDecimal, orderFromV0, statusFromV0 } from '../../src/orders/v0-order.js';
import { sampleOrder } from './support/sample-order.js';

describe('buyer data apart', () => {
  it('splits buyer, recipient, gift message and customization off, and merges them back as they were', () => {
    const order = sampleOrder();
    const { order: clean, pii } = splitPii(order);
    expect(JSON.stringify(clean)).not.toMatch(/Jane|Main St|birthday|custom\.zip/);
    expect(clean.orderItems[0]?.fulfillment?.packing?.giftOption).toEqual({ giftWrapLevel: 'Classic' });
    expect(pii?.items?.['10000000000001']).toEqual({
      giftMessage: 'Happy birthday Jane',
      customization: { customizedUrl: 'https://example.invalid/custom.zip' },
    });
    expect(mergePii(clean, pii)).toEqual(order);
    const { buyer: _b, recipient: _r, ...bare } = sampleOrder({ orderItems: [] });
    expect(splitPii(bare).pii).toBeUndefined();
  });

  it('seals with AES-256-GCM bound to account and order: another row, or a flipped bit, does not open', () => {
    const key = Buffer.alloc(32, 7);
    const { pii } = splitPii(sampleOrder());
    const sealed = sealPii(key, 'acct', '111-0000001-0000001', pii!);
    expect(openPii(key, 'acct', '111-0000001-0000001', sealed)).toEqual(pii);
    expect(() => openPii(key, 'acct', '111-0000001-0000002', sealed)).toThrow(PiiUnreadableError);
    expect(() => openPii(key, 'other', '111-0000001-0000001', sealed)).toThrow(PiiUnreadableError);
    const flipped = Buffer.from(sealed.ciphertext);
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openPii(key, 'acct', '111-0000001-0000001', { ...sealed, ciphertext: flipped })).toThrow(
      /does not open/,
    );
    // The message names the order, never the data.
    try {
      openPii(key, 'acct', 'x', sealed);
    } catch (error) {
      expect((error as Error).message).not.toMatch(/Jane/);
    }
  });
});

describe('retention start', () => {
  const shipped = (extra: Partial<ReturnType<typeof sampleOrder>> = {}) =>
    sampleOrder({
      fulfillment: { fulfillmentStatus: 'SHIPPED' },
      lastUpdatedTime: '2026-03-10T00:00:00Z',
      ...extra,
    });

  it('is undefined while an order is open, the update time of a cancelled one', () => {
    expect(retentionFrom(sampleOrder())).toBeUndefined();
    expect(
      retentionFrom(
        sampleOrder({
          fulfillment: { fulfillmentStatus: 'CANCELLED' },
          lastUpdatedTime: '2026-03-05T00:00:00Z',
        }),
      ),
    ).toEqual(new Date('2026-03-05T00:00:00Z'));
  });

  it('is the earliest evidence of delivery of a shipped order: ship time, promised delivery, update time', () => {
    expect(retentionFrom(shipped())).toEqual(new Date('2026-03-10T00:00:00Z'));
    expect(
      retentionFrom(
        shipped({
          packages: [
            { packageReferenceId: '1', shipTime: '2026-03-03T00:00:00Z' },
            { packageReferenceId: '2', shipTime: '2026-03-04T00:00:00Z' },
          ],
        }),
      ),
    ).toEqual(new Date('2026-03-04T00:00:00Z'));
    expect(
      retentionFrom(
        shipped({
          fulfillment: {
            fulfillmentStatus: 'SHIPPED',
            deliverByWindow: { latestDateTime: '2026-03-08T00:00:00Z' },
          },
        }),
      ),
    ).toEqual(new Date('2026-03-08T00:00:00Z'));
  });
});

describe('Orders v0 in the 2026-01-01 shape', () => {
  it('maps statuses, keeping values it does not know', () => {
    expect(statusFromV0('PartiallyShipped')).toBe('PARTIALLY_SHIPPED');
    expect(statusFromV0('Canceled')).toBe('CANCELLED');
    expect(statusFromV0('InvoiceUnconfirmed')).toBe('INVOICE_UNCONFIRMED');
    expect(statusFromV0('SomethingNew')).toBe('SOMETHING_NEW');
  });

  it('converts an order and its items: channel, windows, buyer, address, prices, gift message', () => {
    const order = orderFromV0(
      {
        AmazonOrderId: '111-0000001-0000001',
        SellerOrderId: 'S-1',
        PurchaseDate: '2026-03-01T10:00:00Z',
        LastUpdateDate: '2026-03-01T10:05:00Z',
        OrderStatus: 'Unshipped',
        FulfillmentChannel: 'MFN',
        SalesChannel: 'Amazon.com',
        MarketplaceId: 'ATVPDKIKX0DER',
        ShipmentServiceLevelCategory: 'SecondDay',
        OrderTotal: { Amount: '39.98', CurrencyCode: 'USD' },
        LatestShipDate: '2026-03-03T00:00:00Z',
        IsPrime: true,
        BuyerInfo: { BuyerName: 'Jane Buyer', BuyerEmail: 'jane@marketplace.amazon.com' },
        ShippingAddress: {
          Name: 'Jane Buyer',
          AddressLine1: '1 Main St',
          City: 'Seattle',
          CountryCode: 'US',
          AddressType: 'Residential',
        },
      },
      [
        {
          ASIN: 'B000000001',
          OrderItemId: '10000000000001',
          SellerSKU: 'SKU-1',
          QuantityOrdered: 2,
          QuantityShipped: 0,
          ItemPrice: { Amount: '39.98', CurrencyCode: 'USD' },
          BuyerInfo: { GiftMessageText: 'Happy birthday' },
        },
      ],
    );
    expect(order).toMatchObject({
      orderId: '111-0000001-0000001',
      orderAliases: [{ aliasId: 'S-1', aliasType: 'SELLER_ORDER_ID' }],
      programs: ['PRIME'],
      salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
      fulfillment: {
        fulfillmentStatus: 'UNSHIPPED',
        fulfilledBy: 'MERCHANT',
        fulfillmentServiceLevel: 'SECOND_DAY',
        shipByWindow: { latestDateTime: '2026-03-03T00:00:00Z' },
      },
      proceeds: { grandTotal: { amount: '39.98', currencyCode: 'USD' } },
      buyer: { buyerName: 'Jane Buyer' },
      recipient: { deliveryAddress: { addressLine1: '1 Main St', addressType: 'RESIDENTIAL' } },
    });
    expect(order.orderItems[0]).toMatchObject({
      product: { sellerSku: 'SKU-1', price: { unitPrice: { amount: '19.99', currencyCode: 'USD' } } },
      proceeds: { breakdowns: [{ type: 'ITEM', subtotal: { amount: '39.98', currencyCode: 'USD' } }] },
      fulfillment: {
        quantityFulfilled: 0,
        quantityUnfulfilled: 2,
        packing: { giftOption: { giftMessage: 'Happy birthday' } },
      },
    });
  });

  it('divides prices exactly or not at all', () => {
    expect(divideDecimal('39.98', 2)).toBe('19.99');
    expect(divideDecimal('10', 2)).toBe('5');
    expect(divideDecimal('10.5', 2)).toBe('5.25');
    expect(divideDecimal('10.00', 3)).toBeUndefined();
    expect(divideDecimal('-4.00', 2)).toBe('-2.00');
    expect(divideDecimal('abc', 2)).toBeUndefined();
  });
});

describe('statuses typed by people', () => {
  it('accepts either API spelling and any case; refuses others', () => {
    expect(parseStatus('shipped')).toBe('SHIPPED');
    expect(parseStatus('PartiallyShipped')).toBe('PARTIALLY_SHIPPED');
    expect(parseStatus('partially-shipped')).toBe('PARTIALLY_SHIPPED');
    expect(parseStatus('Canceled')).toBe('CANCELLED');
    expect(parseStatus('sent')).toBeUndefined();
  });
});
