import type { HoldingStatus } from '../../store/schema.js';

/** Which stored orders a list or an export covers; every field narrows, none means all. */
export interface OrderFilter {
  /** Orders of these accounts (`accounts.id`). */
  readonly accountIds?: readonly string[];
  /** Fulfillment status in the stored spelling (`SHIPPED`; see `parseStatus`). */
  readonly status?: string;
  /** Orders last updated at or after this time. */
  readonly since?: Date;
  readonly holding?: HoldingStatus;
}
