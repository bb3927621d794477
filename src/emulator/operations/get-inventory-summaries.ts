import { invalidInput } from '../amazon-error-response.js';
import { inventorySummary } from '../listings/inventory-summary.js';
import type { OperationDefinition } from '../operation.js';
import { parseIsoTime } from '../orders/iso-time.js';
import { checkMarketplaces, list, readPageToken, str } from './order-helpers.js';

/** Summaries per page, as Amazon pages them. */
const PAGE_SIZE = 50;
/** The model: "The string token will expire 30 seconds after being created." */
const TOKEN_LIFETIME_MS = 30_000;
/** startDateTime may be at most 18 months back (the model's description). */
const START_LIMIT_MS = 548 * 86_400_000;

interface InventoryToken {
  operation: string;
  sellerId: string;
  offset: number;
  issuedMs: number;
}

/**
 * `GET /fba/inventory/v1/summaries`: the seller's FBA stock in one marketplace (`granularityType=Marketplace`,
 * `granularityId` = that marketplace), 50 summaries a page with `pagination.nextToken` beside `payload`
 * (the token expires after 30 seconds), all of them or those changed since `startDateTime` or the
 * `sellerSkus`/`sellerSku` asked for; `details=true` adds the quantity breakdown.
 */
export const getInventorySummaries: OperationDefinition = {
  key: 'getInventorySummaries',
  handle(ctx) {
    const sellerId = ctx.caller.sellerId;
    const marketplaceIds = list(ctx, 'marketplaceIds') ?? [];
    checkMarketplaces(ctx, marketplaceIds, 'marketplaceIds');
    const marketplaceId = marketplaceIds[0] ?? '';
    const granularityId = str(ctx, 'granularityId');
    if (granularityId !== marketplaceId) {
      throw invalidInput(
        `Invalid value '${granularityId ?? ''}' for parameter 'granularityId': with granularityType Marketplace it is the marketplace id given in 'marketplaceIds' (${marketplaceId}).`,
      );
    }
    const startText = str(ctx, 'startDateTime');
    const startMs = startText === undefined ? undefined : parseIsoTime(startText);
    if (startMs !== undefined && startMs < ctx.now - START_LIMIT_MS) {
      throw invalidInput("Parameter 'startDateTime' must be no earlier than 18 months before now.");
    }
    const nextToken = str(ctx, 'nextToken');
    let offset = 0;
    if (nextToken) {
      const token = readPageToken<InventoryToken>(ctx, 'nextToken', nextToken);
      if (ctx.now - token.issuedMs > TOKEN_LIFETIME_MS) {
        throw invalidInput(
          'The nextToken has expired.',
          'Start again without nextToken; a token lasts 30 seconds.',
        );
      }
      offset = token.offset;
    }
    // startDateTime wins over the SKU filters, as the model describes.
    const skus =
      startMs === undefined
        ? new Set([
            ...(list(ctx, 'sellerSkus') ?? []),
            ...(str(ctx, 'sellerSku') ? [str(ctx, 'sellerSku') ?? ''] : []),
          ])
        : new Set<string>();
    const details = ctx.params.details === true;
    const rows = ctx.state.listings.all(sellerId).flatMap((listing) => {
      const stock = listing.marketplaces.get(marketplaceId)?.fba;
      if (!stock) return [];
      if (skus.size > 0 && !skus.has(listing.sku)) return [];
      if (startMs !== undefined && stock.lastUpdatedMs < startMs) return [];
      return [inventorySummary(listing, stock, details)];
    });
    const page = rows.slice(offset, offset + PAGE_SIZE);
    const more = offset + PAGE_SIZE < rows.length;
    const token = ctx.state.pagination.encode({
      operation: ctx.op.key,
      sellerId,
      offset: offset + PAGE_SIZE,
      issuedMs: ctx.now,
    } satisfies InventoryToken);
    return {
      body: {
        granularity: { granularityType: 'Marketplace', granularityId: marketplaceId },
        inventorySummaries: page,
      },
      ...(more ? { beside: { pagination: { nextToken: token } } } : {}),
    };
  },
};
