import type { FastifyPluginAsync } from 'fastify';
import type { EmulatedSeller } from '../emulator-state.js';
import { feedView } from '../feeds/feed-store.js';
import type { ProcessingSettings } from '../feeds/processing-settings.js';
import { listingFacts } from '../listings/item-view.js';
import { catalogPrice } from '../listings/listing-store.js';
import type { StoredListing } from '../listings/listing-types.js';
import { isoSeconds } from '../orders/iso-time.js';
import type { SurfaceOptions } from '../surface-options.js';
import { ControlError } from './control-error.js';

const sellerId = { type: 'string', minLength: 1, maxLength: 64 } as const;

const LISTINGS_QUERY = {
  type: 'object',
  required: ['sellerId'],
  properties: { sellerId, sku: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;

const ADD_LISTINGS_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['sellerId', 'count'],
  properties: {
    sellerId,
    count: { type: 'integer', minimum: 1, maximum: 10_000 },
    fulfilledBy: { type: 'string', enum: ['MERCHANT', 'AMAZON'] },
    quantity: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    skuPrefix: { type: 'string', minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9._-]+$' },
  },
} as const;

const FEEDS_QUERY = { type: 'object', required: ['sellerId'], properties: { sellerId } } as const;

const PROCESSING_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: {
    inQueueMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
    inProgressMs: { type: 'integer', minimum: 0, maximum: 86_400_000 },
    compression: { type: 'string', enum: ['auto', 'GZIP', 'NONE'] },
  },
} as const;

interface AddListingsBody {
  sellerId: string;
  count: number;
  fulfilledBy?: 'MERCHANT' | 'AMAZON';
  quantity?: number;
  skuPrefix?: string;
}

/**
 * Ground truth and set-up for write-back (issue 11), inside the control plugin's scope:
 * `GET /listings` (every listing of a seller per marketplace: channel, quantity, price, status, FBA stock),
 * `POST /listings` (more SKUs, e.g. enough FBA SKUs for several inventory pages), `GET /feeds` (a seller's
 * feeds with what their processing found) and `GET`/`PUT /processing` (feed and report timing, compression).
 * Shipment confirmations per order and package are in `GET /stats`.
 */
export const writebackControls: FastifyPluginAsync<SurfaceOptions> = async (app, { state }) => {
  const sellerOf = (id: string): EmulatedSeller => {
    const seller = state.seller(id);
    if (!seller) throw new ControlError(404, `unknown seller ${id}`);
    return seller;
  };

  app.get<{ Querystring: { sellerId: string; sku?: string } }>(
    '/listings',
    { schema: { querystring: LISTINGS_QUERY } },
    async (request) => {
      const seller = sellerOf(request.query.sellerId);
      const { sku } = request.query;
      const listings =
        sku === undefined ? state.listings.all(seller.sellerId) : [state.listings.get(seller.sellerId, sku)];
      return { listings: listings.flatMap((l) => (l ? truthRows(l) : [])) };
    },
  );

  app.post<{ Body: AddListingsBody }>(
    '/listings',
    { schema: { body: ADD_LISTINGS_BODY } },
    async (request) => {
      const { count, fulfilledBy = 'MERCHANT', quantity = 10, skuPrefix = 'EMU' } = request.body;
      const seller = sellerOf(request.body.sellerId);
      const now = state.now();
      const skus: string[] = [];
      const existing = state.listings.all(seller.sellerId).length;
      for (let i = 0; i < count; i++) {
        const n = existing + i + 1;
        const sku = `${skuPrefix}-${String(n).padStart(5, '0')}${fulfilledBy === 'AMAZON' ? '-FBA' : ''}`;
        if (state.listings.get(seller.sellerId, sku))
          throw new ControlError(409, `SKU ${sku} exists already`);
        const usdCents = 500 + ((n * 7919) % 19_500);
        state.listings.create(seller.sellerId, seller.marketplaceIds, now, {
          sku,
          asin: `B0EMU${String(n).padStart(5, '0')}`,
          productType: 'PRODUCT',
          itemName: `Emulator product ${n}`,
          fulfilledBy,
          quantity,
          priceMinor: (marketplaceId) => catalogPrice(usdCents, marketplaceId),
        });
        skus.push(sku);
      }
      return { skus };
    },
  );

  app.get<{ Querystring: { sellerId: string } }>(
    '/feeds',
    { schema: { querystring: FEEDS_QUERY } },
    async (request) => {
      const seller = sellerOf(request.query.sellerId);
      const now = state.now();
      return {
        feeds: state.feeds.list(seller.sellerId).map((f) => ({
          ...feedView(f, now),
          inputFeedDocumentId: f.inputFeedDocumentId,
          ...(f.summary ? { summary: f.summary } : {}),
        })),
      };
    },
  );

  app.get('/processing', async () => state.processing);
  app.put<{ Body: Partial<ProcessingSettings> }>(
    '/processing',
    { schema: { body: PROCESSING_BODY } },
    async (request) => {
      state.setProcessing(request.body ?? {});
      return state.processing;
    },
  );
};

/** One row per marketplace of a listing, with what its attributes and FBA stock say. */
function truthRows(listing: StoredListing): Record<string, unknown>[] {
  return [...listing.marketplaces.values()].map((entry) => {
    const facts = listingFacts(entry);
    return {
      sku: listing.sku,
      marketplaceId: entry.marketplaceId,
      asin: listing.asin,
      productType: listing.productType,
      itemName: listing.itemName,
      ...(listing.fnSku ? { fnSku: listing.fnSku } : {}),
      fulfillmentChannelCode: facts.fulfillmentChannelCode ?? null,
      quantity: facts.quantity ?? null,
      price: facts.price ?? null,
      status: facts.status,
      createdTime: isoSeconds(entry.createdMs),
      lastUpdatedTime: isoSeconds(entry.lastUpdatedMs),
      updates: entry.updates,
      fba: entry.fba
        ? { ...entry.fba, lastUpdatedMs: undefined, lastUpdatedTime: isoSeconds(entry.fba.lastUpdatedMs) }
        : null,
      attributes: structuredClone(entry.attributes),
    };
  });
}
