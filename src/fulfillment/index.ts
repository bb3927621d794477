// Fulfillment: shipments confirmed at Amazon through a transactional outbox (docs/writeback.md).

export { accountClients, type ClientFor } from './account-clients.js';
export {
  acknowledgementXml,
  CANCEL_REASONS,
  type CancelDeps,
  CancelError,
  type CancelledOrder,
  type CancelOrderInput,
  cancelOrder,
  findCancelReason,
} from './cancel-order.js';
export { findCarrier, OTHER_CARRIER, suggestCarriers, unknownCarrierMessage } from './carrier.js';
export { CARRIER_CODES } from './carrier-codes.js';
export { checkFields, ORDER_ID, parseItemsFlag } from './check-fields.js';
export { type ConfirmFailure, confirmFailure } from './confirm-failure.js';
export {
  type CreatedPackage,
  type CreateShipmentsInput,
  type CreateShipmentsOptions,
  type CreateShipmentsResult,
  createShipments,
} from './create-shipments.js';
export { leaseOwnerGone, leaseOwnerName } from './lease-owner.js';
export { listShipments, type ShipmentFilter } from './list-shipments.js';
export { type Reconciled, reconcilePackage } from './reconcile-package.js';
export { completeIfShipped } from './record-outcome.js';
export { retryShipment } from './retry-shipment.js';
export { fulfillmentXml, SHIPMENT_FEED_THRESHOLD, sendPackagesByFeed } from './send-feed.js';
export { type PackageEvent, type PackageOutcome, type SendDeps, sendPackage } from './send-package.js';
export { sendPackages } from './send-packages.js';
export {
  type CsvLineError,
  type ParsedShipmentCsv,
  parseShipmentCsv,
  SHIPMENT_CSV_COLUMNS,
  shipmentCsvTemplate,
} from './shipment-csv.js';
export {
  createShipmentQueue,
  enqueuePackages,
  type QueuedPackage,
  SHIPMENT_QUEUE,
} from './shipment-queue.js';
export {
  type PackageItem,
  type PackageView,
  SHIPMENT_STATUSES,
  type ShipmentFieldError,
  type ShipmentInput,
  type ShipmentStatus,
  type ShipmentView,
} from './shipment-types.js';
export {
  type ShipmentWorkers,
  type ShipmentWorkersOptions,
  startShipmentWorkers,
} from './shipment-workers.js';
export { waitForPackages } from './wait-for-packages.js';
