import type { components } from '../amazon/generated/types/fbaInventory.js';
import { type CatalogContext, resolveTarget } from './catalog-context.js';

type InventorySummary = components['schemas']['InventorySummary'];

/** One FBA SKU's stock in a marketplace, from getInventorySummaries with `details=true`. */
export interface InventoryRow {
  readonly sku: string;
  readonly fnSku: string | undefined;
  readonly asin: string | undefined;
  readonly productName: string | undefined;
  readonly condition: string | undefined;
  /** Every unit Amazon counts for the SKU (fulfillable, inbound, reserved, researching, unfulfillable). */
  readonly totalQuantity: number;
  readonly fulfillable: number;
  /** Working, shipped and receiving inbound units. */
  readonly inbound: number;
  readonly reserved: number;
  readonly unfulfillable: number;
  readonly researching: number;
  readonly lastUpdatedTime: string | undefined;
}

/** What `listInventory` lists. */
export interface ListInventoryRequest {
  readonly accountName?: string | undefined;
  readonly marketplaceId?: string | undefined;
  readonly signal?: AbortSignal;
}

/**
 * The FBA inventory of an account in a marketplace: every page of getInventorySummaries (granularity
 * `Marketplace`, details included), one row per FBA SKU, as the pages come. A page's next token lasts 30
 * seconds, so the pages are read one after the other without waiting for the caller's work in between
 * longer than a page takes to print.
 */
export async function* listInventory(
  ctx: CatalogContext,
  request: ListInventoryRequest = {},
): AsyncIterableIterator<InventoryRow> {
  const target = await resolveTarget(ctx, request.accountName, request.marketplaceId);
  for await (const page of target.client.paginate('getInventorySummaries', {
    query: {
      details: true,
      granularityType: 'Marketplace',
      granularityId: target.marketplaceId,
      marketplaceIds: [target.marketplaceId],
    },
    ...(request.signal ? { signal: request.signal } : {}),
  })) {
    for (const summary of page.body.payload?.inventorySummaries ?? []) yield inventoryRow(summary);
  }
}

function inventoryRow(summary: InventorySummary): InventoryRow {
  const d = summary.inventoryDetails;
  return {
    sku: summary.sellerSku ?? '',
    fnSku: summary.fnSku,
    asin: summary.asin,
    productName: summary.productName,
    condition: summary.condition,
    totalQuantity: summary.totalQuantity ?? 0,
    fulfillable: d?.fulfillableQuantity ?? 0,
    inbound:
      (d?.inboundWorkingQuantity ?? 0) +
      (d?.inboundShippedQuantity ?? 0) +
      (d?.inboundReceivingQuantity ?? 0),
    reserved: d?.reservedQuantity?.totalReservedQuantity ?? 0,
    unfulfillable: d?.unfulfillableQuantity?.totalUnfulfillableQuantity ?? 0,
    researching: d?.researchingQuantity?.totalResearchingQuantity ?? 0,
    lastUpdatedTime: summary.lastUpdatedTime,
  };
}
