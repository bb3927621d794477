import type { OperationDefinition } from '../operation.js';
import { cancelFeed } from './cancel-feed.js';
import { cancelReport } from './cancel-report.js';
import { confirmShipment } from './confirm-shipment.js';
import { createFeed } from './create-feed.js';
import { createFeedDocument } from './create-feed-document.js';
import { createReport } from './create-report.js';
import { createRestrictedDataToken } from './create-restricted-data-token.js';
import { deleteListingsItem } from './delete-listings-item.js';
import { getAccount } from './get-account.js';
import { getFeed } from './get-feed.js';
import { getFeedDocument } from './get-feed-document.js';
import { getFeeds } from './get-feeds.js';
import { getInventorySummaries } from './get-inventory-summaries.js';
import { getListingsItem } from './get-listings-item.js';
import { getMarketplaceParticipations } from './get-marketplace-participations.js';
import { getOrder2026 } from './get-order-2026.js';
import { getOrderAddress } from './get-order-address.js';
import { getOrderBuyerInfo } from './get-order-buyer-info.js';
import { getOrderItems } from './get-order-items.js';
import { getOrderItemsBuyerInfo } from './get-order-items-buyer-info.js';
import { getOrderV0 } from './get-order-v0.js';
import { getOrders } from './get-orders.js';
import { getReport } from './get-report.js';
import { getReportDocument } from './get-report-document.js';
import { getReports } from './get-reports.js';
import { patchListingsItem } from './patch-listings-item.js';
import { putListingsItem } from './put-listings-item.js';
import { searchListingsItems } from './search-listings-items.js';
import { searchOrders } from './search-orders.js';
import { updateShipmentStatus } from './update-shipment-status.js';

/**
 * The operations the dynamic mode emulates. The route, auth, rate limit, faults and parameter validation
 * come from the operation table; an operation of the table missing here answers 501.
 */
const DEFINITIONS: readonly OperationDefinition[] = [
  getMarketplaceParticipations,
  getAccount,
  getOrders,
  getOrderV0,
  getOrderItems,
  getOrderAddress,
  getOrderBuyerInfo,
  getOrderItemsBuyerInfo,
  confirmShipment,
  updateShipmentStatus,
  searchOrders,
  getOrder2026,
  createRestrictedDataToken,
  // Write-back: listings, FBA inventory, feeds and reports (issue 11).
  getListingsItem,
  patchListingsItem,
  putListingsItem,
  deleteListingsItem,
  searchListingsItems,
  getInventorySummaries,
  createFeedDocument,
  createFeed,
  getFeed,
  getFeeds,
  cancelFeed,
  getFeedDocument,
  createReport,
  getReport,
  getReports,
  cancelReport,
  getReportDocument,
];

export const OPERATION_HANDLERS: ReadonlyMap<string, OperationDefinition> = new Map(
  DEFINITIONS.map((d) => [d.key, d]),
);
