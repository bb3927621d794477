// Public API of the catalog: stock and prices sent to Amazon's listings, listings and FBA inventory read.

export {
  type BadRow,
  BULK_COLUMNS,
  type BulkKind,
  type BulkRow,
  bulkTemplate,
  readBulkFile,
} from './bulk-file.js';
export {
  type BulkUpdateRequest,
  type BulkUpdateResult,
  type BulkVia,
  bulkUpdate,
  FEED_THRESHOLD,
  type RowResult,
} from './bulk-update.js';
export { type CatalogContext, type CatalogTarget, resolveTarget } from './catalog-context.js';
export { CatalogError, type CatalogErrorCode, isCatalogError } from './catalog-error.js';
export { describeFailure } from './describe-failure.js';
export type { ListingView } from './find-listing.js';
export { type InventoryRow, type ListInventoryRequest, listInventory } from './list-inventory.js';
export { type ListListingsRequest, listListings, MAX_PAGEABLE_LISTINGS } from './list-listings.js';
export type { ListingChange, UpdateIssue, UpdateOutcome } from './listing-update.js';
export { type PriceUpdateRequest, type StockUpdateRequest, setPrice, setStock } from './set-listing.js';
export { type ShowListingRequest, showListing } from './show-listing.js';
