import { findCarrier, OTHER_CARRIER, unknownCarrierMessage } from './carrier.js';
import type { PackageItem, ShipmentInput } from './shipment-types.js';

/** Amazon's order ids: 3-7-7 digits. */
export const ORDER_ID = /^\d{3}-\d{7}-\d{7}$/;
/** As carriers print them: letters, digits and hyphens, 4 to 40, no spaces. */
const TRACKING = /^[A-Za-z0-9][A-Za-z0-9-]{3,39}$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
// An ISO 8601 time with a zone (Z or ±hh:mm): a time without one would be read in this machine's zone.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Clocks disagree a little: a ship time this far ahead of ours is still "now". */
const FUTURE_SLACK_MS = 10 * 60_000;

/** The fields of one input that can be checked without the store, normalised (carrier in Amazon's spelling). */
export interface CheckedFields {
  readonly orderId: string;
  readonly carrierCode: string;
  readonly carrierName: string | null;
  readonly trackingNumber: string;
  readonly shipMs: number;
  readonly method: string | null;
  readonly items: PackageItem[] | undefined;
}

/**
 * Checks one input's own fields (format, carrier, date); `problems` gets one message per bad field.
 * Returns the normalised fields when all are good.
 */
export function checkFields(
  input: ShipmentInput,
  nowMs: number,
  problem: (field: string, message: string) => void,
): CheckedFields | undefined {
  let ok = true;
  const bad = (field: string, message: string) => {
    ok = false;
    problem(field, message);
  };
  const orderId = (input.orderId ?? '').trim();
  if (!ORDER_ID.test(orderId)) {
    bad('orderId', `'${orderId}' is not an Amazon order id: expected 3-7-7 digits, e.g. 123-1234567-1234567`);
  }
  const carrierInput = (input.carrier ?? '').trim();
  let carrierCode = '';
  if (carrierInput === '') bad('carrier', `a carrier is needed: one of Amazon's codes (e.g. UPS) or Other`);
  else {
    const found = findCarrier(carrierInput);
    if (found) carrierCode = found;
    else bad('carrier', unknownCarrierMessage(carrierInput));
  }
  const carrierName = input.carrierName?.trim() || null;
  if (carrierCode === OTHER_CARRIER && carrierName === null) {
    bad('carrierName', "carrier 'Other' needs the carrier's name: add --carrier-name NAME");
  }
  if (carrierName !== null && carrierName.length > 100)
    bad('carrierName', 'the carrier name is longer than 100');
  const trackingNumber = (input.trackingNumber ?? '').trim();
  if (!TRACKING.test(trackingNumber)) {
    bad(
      'trackingNumber',
      trackingNumber === ''
        ? 'a tracking number is needed'
        : `tracking number '${trackingNumber}' is malformed: expected 4 to 40 letters, digits or hyphens, ` +
            'as the carrier prints it, without spaces',
    );
  }
  let shipMs = nowMs;
  if (input.shipDate !== undefined && input.shipDate.trim() !== '') {
    const text = input.shipDate.trim();
    const parsed = DATE_ONLY.test(text)
      ? Date.parse(`${text}T00:00:00Z`)
      : DATE_TIME.test(text)
        ? Date.parse(text)
        : Number.NaN;
    if (Number.isNaN(parsed)) {
      bad(
        'shipDate',
        `ship date '${text}' is malformed: use 2026-03-01 or an ISO 8601 time with its zone, ` +
          'e.g. 2026-03-01T14:30:00Z',
      );
    } else if (parsed > nowMs + FUTURE_SLACK_MS) {
      bad('shipDate', `ship date ${text} is in the future: Amazon takes the time the package left`);
    } else shipMs = parsed;
  }
  const method = input.method?.trim() || null;
  if (method !== null && method.length > 100) bad('method', 'the shipping method is longer than 100');
  let items: PackageItem[] | undefined;
  if (input.items !== undefined) {
    items = [];
    const seen = new Set<string>();
    if (input.items.length === 0) bad('items', 'no items: name at least one, or leave items out to ship all');
    for (const item of input.items) {
      const id = String(item.orderItemId ?? '').trim();
      if (id === '') {
        bad('items', 'an item without its order item id');
        continue;
      }
      if (!Number.isInteger(item.quantity) || item.quantity < 1) {
        bad('items', `item ${id}: quantity ${String(item.quantity)} is not a whole number of 1 or more`);
        continue;
      }
      if (seen.has(id)) {
        bad('items', `item ${id} is named twice: give it once with the package's whole quantity`);
        continue;
      }
      seen.add(id);
      items.push({ orderItemId: id, quantity: item.quantity });
    }
  }
  if (!ok) return undefined;
  return { orderId, carrierCode, carrierName, trackingNumber, shipMs, method, items };
}

/**
 * `--items ID:QTY,ID:QTY` as items; `problem` gets a message for a malformed one. A bare `ID` means one
 * unit.
 */
export function parseItemsFlag(text: string, problem: (message: string) => void): PackageItem[] {
  const items: PackageItem[] = [];
  for (const part of text.split(',')) {
    const entry = part.trim();
    if (entry === '') continue;
    const match = /^([^:\s]+)(?::(\d+))?$/.exec(entry);
    if (!match) {
      problem(`'${entry}' is not ORDER_ITEM_ID:QUANTITY, e.g. 12345678901234:2`);
      continue;
    }
    items.push({ orderItemId: match[1] ?? '', quantity: match[2] === undefined ? 1 : Number(match[2]) });
  }
  if (items.length === 0) problem('--items names no item: ORDER_ITEM_ID:QUANTITY,...');
  return items;
}
