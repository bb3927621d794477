import type { HoldingStatus } from '../store/schema.js';

/**
 * Where an order stands in the hand-off to the ERP, set by `csm orders ack`: `new` (not taken yet),
 * `exported` (the ERP took it), `error` (the ERP could not take it), `complete` (done with).
 */
export const HOLDING_STATUSES: readonly HoldingStatus[] = ['new', 'exported', 'error', 'complete'];

/** A holding status as typed (any case), or undefined when it is none of the four. */
export function parseHoldingStatus(text: string): HoldingStatus | undefined {
  const value = text.trim().toLowerCase();
  return (HOLDING_STATUSES as readonly string[]).includes(value) ? (value as HoldingStatus) : undefined;
}
