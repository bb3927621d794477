import { marketplace } from '../marketplaces.js';
import type { Prng } from '../prng.js';
import { fbaSku, generateCatalog, type Product } from './catalog.js';
import { isoSeconds } from './iso-time.js';
import { digits, money, USD_RATE } from './money.js';
import type { FulfillmentStatus, Order, OrderItem, OrderPackage, StoredOrder } from './order-types.js';

const HOUR = 3600_000;
const FIRST_NAMES = [
  'Alex',
  'Sam',
  'Maria',
  'Jonas',
  'Yuki',
  'Lea',
  'Omar',
  'Chloé',
  'Luca',
  'Emma',
  'Noah',
  'Sofia',
];
const LAST_NAMES = [
  'Smith',
  'Müller',
  'Rossi',
  'Tanaka',
  'Dubois',
  'García',
  'Brown',
  'Novak',
  'Silva',
  'Kim',
];
/** Street names by country, so an address reads like one of its marketplace (one draw either way). */
const STREETS: Readonly<Record<string, readonly string[]>> = {
  US: ['Main St', 'Oak Avenue', 'Pine Street', 'Maple Drive'],
  CA: ['King Street W', 'Rue Saint-Denis', 'Yonge Street', 'Granville St'],
  MX: ['Avenida Reforma', 'Calle Madero', 'Avenida Juárez', 'Calle Hidalgo'],
  BR: ['Rua Augusta', 'Avenida Paulista', 'Rua das Flores', 'Rua XV de Novembro'],
  DE: ['Hauptstraße', 'Bahnhofstraße', 'Gartenweg', 'Schillerstraße'],
  GB: ['High Street', 'Station Road', 'Church Lane', 'Victoria Road'],
  FR: ['Rue de la Paix', 'Avenue Victor Hugo', 'Rue du Moulin', 'Boulevard Voltaire'],
  IT: ['Via Roma', 'Via Garibaldi', 'Corso Italia', 'Via Dante'],
  ES: ['Calle Mayor', 'Gran Vía', 'Calle del Sol', 'Avenida de la Constitución'],
  JP: ['Chuo-dori 1-chome', 'Sakura-dori 2-chome', 'Ekimae 3-chome', 'Honcho 4-chome'],
};
const ANY_STREETS = ['Main Street', 'Market Street', 'Park Road', 'Station Street'];
const CARRIERS = [
  { code: 'UPS', service: 'UPS Ground' },
  { code: 'USPS', service: 'Priority Mail' },
  { code: 'DHL', service: 'DHL Paket' },
  { code: 'Royal Mail', service: 'Tracked 48' },
  { code: 'Yamato Transport', service: 'TA-Q-BIN' },
];
const COMPANIES = ['Acme GmbH', 'Northwind Ltd', 'Contoso Inc.', 'Globex SARL', 'Initech S.p.A.'];
const CANCEL_REASONS = ['BUYER_CANCELED', 'NO_INVENTORY', 'SHIPPING_ADDRESS_UNDELIVERABLE'];
const SERVICE_LEVELS = ['STANDARD', 'STANDARD', 'STANDARD', 'EXPEDITED', 'SECOND_DAY', 'NEXT_DAY'];

/** What decides an order before its details are drawn. */
interface OrderPlan {
  sellerId: string;
  marketplaceId: string;
  createdMs: number;
  fulfilledBy: 'AMAZON' | 'MERCHANT';
  status: FulfillmentStatus;
  /** Latest time any change may carry (the end of the generated history, or the activity time). */
  horizonMs: number;
  itemCount: number;
}

/**
 * Builds complete orders (every includedData section filled) for the store. One factory per emulator keeps
 * order and item ids unique and draws everything from one seeded stream.
 */
export class OrderFactory {
  private readonly catalogs = new Map<string, Product[]>();
  private readonly orderIds = new Set<string>();
  private itemSeq = 0;

  constructor(private readonly prng: Prng) {}

  catalog(sellerId: string): Product[] {
    let catalog = this.catalogs.get(sellerId);
    if (!catalog) {
      catalog = generateCatalog(this.prng, 40);
      this.catalogs.set(sellerId, catalog);
    }
    return catalog;
  }

  /** A random plan for an order placed at `createdMs`, with a status plausible for its age at `horizonMs`. */
  plan(sellerId: string, marketplaceIds: readonly string[], createdMs: number, horizonMs: number): OrderPlan {
    const p = this.prng;
    const fulfilledBy = p.chance(0.5) ? 'AMAZON' : 'MERCHANT';
    const itemCount = p.chance(0.3) ? p.between(2, 3) : 1;
    const ageH = (horizonMs - createdMs) / HOUR;
    const r = p.next();
    let status: FulfillmentStatus;
    if (ageH < 1) status = r < 0.5 ? 'PENDING' : 'UNSHIPPED';
    else if (ageH < 48) {
      if (r < 0.08) status = 'PENDING';
      else if (r < 0.45) status = 'UNSHIPPED';
      else if (r < 0.5 && itemCount > 1 && fulfilledBy === 'MERCHANT') status = 'PARTIALLY_SHIPPED';
      else if (r < 0.94) status = 'SHIPPED';
      else status = 'CANCELLED';
    } else {
      if (r < 0.01) status = 'PENDING';
      else if (r < 0.05) status = 'UNSHIPPED';
      else if (r < 0.12 && itemCount > 1 && fulfilledBy === 'MERCHANT') status = 'PARTIALLY_SHIPPED';
      else if (r < 0.9) status = 'SHIPPED';
      else status = 'CANCELLED';
    }
    return {
      sellerId,
      marketplaceId: p.pick(marketplaceIds),
      createdMs,
      fulfilledBy,
      status,
      horizonMs,
      itemCount,
    };
  }

  build(plan: OrderPlan): StoredOrder {
    const p = this.prng;
    const mp = marketplace(plan.marketplaceId);
    const currency = mp.defaultCurrency;
    const orderId = this.newOrderId();
    const createdMs = Math.floor(plan.createdMs / 1000) * 1000;
    const prime = p.chance(plan.fulfilledBy === 'AMAZON' ? 0.6 : 0.15);
    const business = p.chance(0.15);
    const gift = p.chance(0.08);
    const serviceLevel = prime ? 'EXPEDITED' : p.pick(SERVICE_LEVELS);
    const catalog = this.catalog(plan.sellerId);
    const rate = USD_RATE[currency] ?? 1;
    const minorPerUsdCent = (rate * 10 ** digits(currency)) / 100;

    // Time at which the order reached its status; everything lands at or before the horizon.
    const latest = Math.max(createdMs, plan.horizonMs);
    const at = (minH: number, maxH: number): number =>
      Math.min(latest, createdMs + Math.floor(p.between(minH * 60, maxH * 60) * 60_000));
    const shipMs = plan.status === 'SHIPPED' || plan.status === 'PARTIALLY_SHIPPED' ? at(1, 48) : 0;
    let lastUpdatedMs = createdMs;
    if (plan.status === 'UNSHIPPED') lastUpdatedMs = at(0, 0.5);
    else if (plan.status === 'CANCELLED') lastUpdatedMs = at(0.1, 24);
    else if (shipMs) lastUpdatedMs = Math.min(latest, shipMs + p.between(0, 120) * 60_000);
    lastUpdatedMs = Math.floor(lastUpdatedMs / 1000) * 1000;
    const shipped = plan.status === 'SHIPPED';

    const items: OrderItem[] = [];
    let itemsTotal = 0;
    let shippingTotal = 0;
    let taxTotal = 0;
    const used = new Set<number>();
    for (let i = 0; i < plan.itemCount; i++) {
      let index = p.int(catalog.length);
      while (used.has(index)) index = (index + 1) % catalog.length;
      used.add(index);
      const product = catalog[index]!;
      const quantity = p.chance(0.2) ? p.between(2, 3) : 1;
      const unit = Math.max(1, Math.round(product.usdCents * minorPerUsdCent));
      const itemMinor = unit * quantity;
      const shippingMinor = prime ? 0 : Math.round(499 * minorPerUsdCent);
      const taxMinor = Math.round(itemMinor * (mp.region === 'eu' ? 0.19 : 0.08));
      itemsTotal += itemMinor;
      shippingTotal += shippingMinor;
      taxTotal += taxMinor;
      // A partial shipment ships the first item only.
      const fulfilled = shipped || (plan.status === 'PARTIALLY_SHIPPED' && i === 0) ? quantity : 0;
      const item: OrderItem = {
        orderItemId: this.newItemId(),
        quantityOrdered: quantity,
        product: {
          asin: product.asin,
          title: product.title,
          // AFN orders are shipped from the product's FBA listing, which has a SKU of its own.
          sellerSku: plan.fulfilledBy === 'AMAZON' ? fbaSku(product.sku) : product.sku,
          condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
          price: business
            ? { unitPrice: money(unit, currency), priceDesignation: 'BUSINESS_PRICE' }
            : { unitPrice: money(unit, currency) },
        },
        proceeds: {
          proceedsTotal: money(itemMinor + shippingMinor + taxMinor, currency),
          breakdowns: [
            { type: 'ITEM', subtotal: money(itemMinor, currency) },
            { type: 'SHIPPING', subtotal: money(shippingMinor, currency) },
            { type: 'TAX', subtotal: money(taxMinor, currency) },
          ],
        },
        fulfillment: {
          quantityFulfilled: fulfilled,
          quantityUnfulfilled: plan.status === 'CANCELLED' ? 0 : quantity - fulfilled,
        },
      };
      if (gift) {
        item.fulfillment!.packing = {
          giftOption: { giftMessage: `Happy birthday, ${p.pick(FIRST_NAMES)}!`, giftWrapLevel: 'Classic' },
        };
      }
      if (mp.countryCode === 'JP') {
        const points = Math.floor(itemMinor / 100);
        item.expense = {
          pointsCost: {
            pointsGranted: { pointsNumber: points, pointsMonetaryValue: money(points, currency) },
          },
        };
      }
      if (p.chance(0.15))
        item.promotion = { breakdowns: [{ promotionId: `PROMO-${p.hex(8).toUpperCase()}` }] };
      if (plan.status === 'CANCELLED') {
        const reason = p.pick(CANCEL_REASONS);
        item.cancellation =
          reason === 'BUYER_CANCELED'
            ? {
                cancellationRequest: { requester: 'BUYER', cancelReason: reason },
                cancellationExecution: { cancelledBy: 'MERCHANT', cancelReason: reason },
              }
            : { cancellationExecution: { cancelledBy: 'AMAZON', cancelReason: reason } };
      }
      item.tax =
        mp.region === 'eu'
          ? { taxCalculationBreakdowns: [{ reportingScheme: 'UOSS' }] }
          : {
              taxCollections: [
                { model: 'MARKETPLACE_FACILITATOR', responsibleParty: 'Amazon Services, Inc.' },
              ],
            };
      items.push(item);
    }

    const first = p.pick(FIRST_NAMES);
    const last = p.pick(LAST_NAMES);
    const company = business ? p.pick(COMPANIES) : undefined;
    const order: Order = {
      orderId,
      createdTime: isoSeconds(createdMs),
      lastUpdatedTime: isoSeconds(lastUpdatedMs),
      salesChannel: { channelName: 'AMAZON', marketplaceId: mp.id, marketplaceName: mp.name },
      orderItems: items,
    };
    if (plan.fulfilledBy === 'MERCHANT' && p.chance(0.5)) {
      order.orderAliases = [{ aliasId: `SO-${p.between(100000, 999999)}`, aliasType: 'SELLER_ORDER_ID' }];
    }
    const programs: string[] = [];
    if (prime) programs.push('PRIME');
    if (business) programs.push('AMAZON_BUSINESS');
    if (programs.length > 0) order.programs = programs;
    order.buyer = {
      buyerName: `${first} ${last}`,
      buyerEmail: `${p.chars(14, 'abcdefghijklmnopqrstuvwxyz0123456789')}@marketplace.amazon.${mp.domain.split('.amazon.')[1] ?? 'com'}`,
    };
    if (company) {
      order.buyer.buyerCompanyName = company;
      if (p.chance(0.5)) order.buyer.buyerPurchaseOrderNumber = `PO-${p.between(10000, 99999)}`;
    }
    if (plan.status === 'UNSHIPPED' || plan.status === 'PARTIALLY_SHIPPED' || plan.status === 'SHIPPED') {
      order.recipient = this.recipient(plan.marketplaceId, `${first} ${last}`, company);
    }
    const grand = itemsTotal + shippingTotal + taxTotal;
    order.proceeds = {
      grandTotal: money(grand, currency),
      breakdowns: [
        { type: 'ITEM', subtotal: money(itemsTotal, currency) },
        { type: 'SHIPPING', subtotal: money(shippingTotal, currency) },
        { type: 'TAX', subtotal: money(taxTotal, currency) },
      ],
    };
    order.payment = {
      paymentExecutions: [{ paymentMethod: 'CreditCard', paymentAmount: money(grand, currency) }],
    };
    order.tax = company
      ? {
          taxRegistrations: [
            {
              entityType: 'BUYER',
              legalName: company,
              taxRegistrationType: 'VAT',
              taxRegistrationNumber: `${mp.countryCode}${p.between(100000000, 999999999)}`,
            },
          ],
        }
      : { taxRegistrations: [] };
    const shipBy = createdMs + (prime ? 24 : 48) * HOUR;
    order.fulfillment = {
      fulfillmentStatus: plan.status,
      fulfilledBy: plan.fulfilledBy,
      fulfillmentServiceLevel: serviceLevel,
      shipByWindow: { earliestDateTime: isoSeconds(createdMs), latestDateTime: isoSeconds(shipBy) },
      deliverByWindow: {
        earliestDateTime: isoSeconds(shipBy + 24 * HOUR),
        latestDateTime: isoSeconds(shipBy + (prime ? 48 : 120) * HOUR),
      },
    };
    if (plan.fulfilledBy === 'MERCHANT') {
      const packages: OrderPackage[] = [];
      if (shipMs) {
        const carrier = p.pick(CARRIERS);
        const shippedItems = items.filter((it) => (it.fulfillment?.quantityFulfilled ?? 0) > 0);
        packages.push({
          packageReferenceId: '1',
          createdTime: isoSeconds(shipMs),
          packageStatus: { status: 'SHIPPED' },
          carrier: carrier.code,
          shipTime: isoSeconds(shipMs),
          shippingService: carrier.service,
          trackingNumber: this.trackingNumber(),
          packageItems: shippedItems.map((it) => ({
            orderItemId: it.orderItemId,
            quantity: it.fulfillment?.quantityFulfilled ?? 0,
          })),
        });
      }
      order.packages = packages;
    }
    return { sellerId: plan.sellerId, order, createdMs, lastUpdatedMs };
  }

  /** A delivery address in the marketplace's country; orders get one once they leave Pending. */
  recipient(
    marketplaceId: string,
    name: string,
    company: string | undefined,
  ): NonNullable<Order['recipient']> {
    const p = this.prng;
    const mp = marketplace(marketplaceId);
    const place = p.pick(mp.places);
    const recipient: NonNullable<Order['recipient']> = {
      deliveryAddress: {
        name,
        addressLine1: `${p.between(1, 250)} ${p.pick(STREETS[mp.countryCode] ?? ANY_STREETS)}`,
        city: place[0],
        stateOrRegion: place[1],
        postalCode: place[2],
        countryCode: mp.countryCode,
        phone: `+${p.between(10, 99)} ${p.between(100, 999)} ${p.between(1000000, 9999999)}`,
        addressType: company ? 'COMMERCIAL' : 'RESIDENTIAL',
      },
    };
    if (company) recipient.deliveryAddress!.companyName = company;
    if (p.chance(0.1)) recipient.deliveryPreference = { addressInstruction: 'Leave at the back door.' };
    return recipient;
  }

  /** A carrier and tracking number for a shipment the emulator makes itself (activity). */
  carrier(): { carrier: string; shippingService: string; trackingNumber: string } {
    const c = this.prng.pick(CARRIERS);
    return { carrier: c.code, shippingService: c.service, trackingNumber: this.trackingNumber() };
  }

  private trackingNumber(): string {
    return `1Z${this.prng.chars(16, '0123456789ABCDEFGHJKLMNPRSTUVWXYZ')}`;
  }

  /** 3-7-7 digits, as Amazon's order ids. */
  private newOrderId(): string {
    let id = '';
    do
      id = `${this.prng.between(111, 999)}-${this.prng.chars(7, '0123456789')}-${this.prng.chars(7, '0123456789')}`;
    while (this.orderIds.has(id));
    this.orderIds.add(id);
    return id;
  }

  private newItemId(): string {
    this.itemSeq++;
    return String(10_000_000_000_000 + this.itemSeq * 7919);
  }
}
