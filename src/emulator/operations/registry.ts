import type { OperationDefinition } from '../operation.js';
import { confirmShipment } from './confirm-shipment.js';
import { createRestrictedDataToken } from './create-restricted-data-token.js';
import { getAccount } from './get-account.js';
import { getMarketplaceParticipations } from './get-marketplace-participations.js';
import { getOrder2026 } from './get-order-2026.js';
import { getOrderAddress } from './get-order-address.js';
import { getOrderBuyerInfo } from './get-order-buyer-info.js';
import { getOrderItems } from './get-order-items.js';
import { getOrderItemsBuyerInfo } from './get-order-items-buyer-info.js';
import { getOrderV0 } from './get-order-v0.js';
import { getOrders } from './get-orders.js';
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
];

export const OPERATION_HANDLERS: ReadonlyMap<string, OperationDefinition> = new Map(
  DEFINITIONS.map((d) => [d.key, d]),
);
