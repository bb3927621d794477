// Orders: the sync engine, the stored orders, and their export (docs/sync.md).

export type { AmazonOrder, AmazonOrderItem } from './amazon-order.js';
export {
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportOptions,
  type ExportSink,
  exportOrders,
} from './export/export-orders.js';
export { HOLDING_STATUSES, parseHoldingStatus } from './holding-status.js';
export { KNOWN_STATUSES, OPEN_STATUSES, parseStatus } from './order-status.js';
export { parseSince, SinceError } from './parse-since.js';
export { MAX_PII_RETENTION_DAYS } from './pii/retention.js';
export { ackOrders, UnknownOrdersError } from './repository/ack-orders.js';
export { accountIdByName, UnknownAccountError } from './repository/find-account.js';
export { listOrders, type OrderSummary } from './repository/list-orders.js';
export type { OrderFilter } from './repository/order-filter.js';
export { type PiiReader, piiReader } from './repository/pii-reader.js';
export { type OrderRecord, readOrder, readOrderPages } from './repository/read-orders.js';
export * from './sync/index.js';
