import type { components as fba } from '../../amazon/generated/types/fbaInventory.js';
import { isoSeconds } from '../orders/iso-time.js';
import type { FbaStock, StoredListing } from './listing-types.js';

type InventorySummary = fba['schemas']['InventorySummary'];

/** An FBA listing's stock in one marketplace as getInventorySummaries returns it (`details=true` adds the breakdown). */
export function inventorySummary(
  listing: StoredListing,
  stock: FbaStock,
  details: boolean,
): InventorySummary {
  const reserved = stock.pendingCustomerOrder + stock.pendingTransshipment + stock.fcProcessing;
  const unfulfillable = stock.customerDamaged + stock.warehouseDamaged;
  const inbound = stock.inboundWorking + stock.inboundShipped + stock.inboundReceiving;
  const summary: InventorySummary = {
    asin: listing.asin,
    fnSku: listing.fnSku ?? '',
    sellerSku: listing.sku,
    condition: 'NewItem',
    lastUpdatedTime: isoSeconds(stock.lastUpdatedMs),
    productName: listing.itemName,
    totalQuantity: stock.fulfillable + inbound + reserved + stock.researching + unfulfillable,
    stores: [],
  };
  if (details) {
    summary.inventoryDetails = {
      fulfillableQuantity: stock.fulfillable,
      inboundWorkingQuantity: stock.inboundWorking,
      inboundShippedQuantity: stock.inboundShipped,
      inboundReceivingQuantity: stock.inboundReceiving,
      reservedQuantity: {
        totalReservedQuantity: reserved,
        pendingCustomerOrderQuantity: stock.pendingCustomerOrder,
        pendingTransshipmentQuantity: stock.pendingTransshipment,
        fcProcessingQuantity: stock.fcProcessing,
      },
      researchingQuantity: {
        totalResearchingQuantity: stock.researching,
        researchingQuantityBreakdown: [
          { name: 'researchingQuantityInShortTerm', quantity: stock.researching },
          { name: 'researchingQuantityInMidTerm', quantity: 0 },
          { name: 'researchingQuantityInLongTerm', quantity: 0 },
        ],
      },
      unfulfillableQuantity: {
        totalUnfulfillableQuantity: unfulfillable,
        customerDamagedQuantity: stock.customerDamaged,
        warehouseDamagedQuantity: stock.warehouseDamaged,
        distributorDamagedQuantity: 0,
        carrierDamagedQuantity: 0,
        defectiveQuantity: 0,
        expiredQuantity: 0,
      },
    };
  }
  return summary;
}
