import { invalidInput } from '../amazon-error-response.js';
import { digits } from '../orders/money.js';
import type { Attributes, ListingIssue } from './listing-types.js';

/** One JSON Patch operation on a listing's attributes (`/attributes/<name>`). */
export interface AttributePatch {
  op: 'add' | 'replace' | 'merge' | 'delete';
  /** The attribute name the path names. */
  attribute: string;
  value: Record<string, unknown>[] | undefined;
}

const OPS = new Set(['add', 'replace', 'merge', 'delete']);
/** Amazon's answer to a body it cannot read, as seen from patchListingsItem. */
const CANNOT_PARSE = 'Request has missing or invalid parameters and cannot be parsed.';

/**
 * Attributes the emulator's product types know. Amazon checks each patch against the product type's schema
 * and answers an unknown name (`fulfillmentAvailability`, `purchaseable_offer`, `standard_price`) with 90000900
 * "The attributes are invalid."; the emulator does the same for any name not listed here.
 */
const KNOWN_ATTRIBUTES = new Set([
  'fulfillment_availability',
  'purchasable_offer',
  'item_name',
  'condition_type',
  'condition_note',
  'list_price',
  'brand',
  'bullet_point',
  'product_description',
  'merchant_suggested_asin',
  'externally_assigned_product_identifier',
  'merchant_shipping_group',
  'main_product_image_locator',
  'max_order_quantity',
  'item_package_quantity',
  'country_of_origin',
  'batteries_required',
  'supplier_declared_dg_hz_regulation',
  'skip_offer',
]);

/** The JSON Patch operations of a request body, or 400 InvalidInput with Amazon's messages. */
export function readPatches(raw: unknown): AttributePatch[] {
  if (!Array.isArray(raw) || raw.length === 0) throw invalidInput(CANNOT_PARSE);
  return raw.map((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw invalidInput(CANNOT_PARSE);
    const { op, path, value } = entry as Record<string, unknown>;
    if (typeof op !== 'string' || !OPS.has(op) || typeof path !== 'string') throw invalidInput(CANNOT_PARSE);
    const match = /^\/attributes\/([^/]+)$/.exec(path);
    if (!match?.[1]) {
      throw invalidInput(
        CANNOT_PARSE,
        `Patch ${index} has path '${path}'; only top-level attributes can be patched, e.g. /attributes/fulfillment_availability.`,
      );
    }
    if (value === undefined && op !== 'delete')
      throw invalidInput(`Value is missing for patch at index of ${index}.`);
    if (value !== undefined && !isEntryList(value)) throw invalidInput(CANNOT_PARSE);
    return { op: op as AttributePatch['op'], attribute: match[1], value };
  });
}

function isEntryList(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
}

/** What a patch is checked against: the marketplaces it applies to and their currencies. */
export interface PatchTarget {
  marketplaceIds: readonly string[];
  currencyOf: (marketplaceId: string) => string;
}

/**
 * Checks attribute names and the values of `fulfillment_availability` and `purchasable_offer` as Amazon's
 * product type schemas do; every problem is an ERROR issue (the submission is then INVALID and not applied).
 */
export function checkPatches(patches: readonly AttributePatch[], target: PatchTarget): ListingIssue[] {
  const issues: ListingIssue[] = [];
  for (const patch of patches) {
    if (!KNOWN_ATTRIBUTES.has(patch.attribute)) {
      issues.push(attributesInvalid(patch.attribute));
      continue;
    }
    if (patch.op === 'delete' || !patch.value) continue;
    if (patch.attribute === 'fulfillment_availability')
      issues.push(...checkAvailability(patch.value, patch.op));
    if (patch.attribute === 'purchasable_offer') issues.push(...checkOffer(patch.value, patch.op, target));
  }
  return issues;
}

function checkAvailability(entries: Record<string, unknown>[], op: AttributePatch['op']): ListingIssue[] {
  const attribute = 'fulfillment_availability';
  if (entries.length === 0) return [notEnoughValues('fulfillment_channel_code', attribute)];
  for (const entry of entries) {
    const channel = entry.fulfillment_channel_code;
    if (typeof channel !== 'string' || channel === '')
      return [notEnoughValues('fulfillment_channel_code', attribute)];
    if (channel !== 'DEFAULT' && !/^AMAZON_[A-Z]{2}$/.test(channel)) return [invalidValue(attribute)];
    const quantity = entry.quantity;
    // A merge may leave the quantity as it is; a seller-fulfilled replace or add must state it.
    if (quantity === undefined) {
      if (channel === 'DEFAULT' && op !== 'merge') return [notEnoughValues('quantity', attribute)];
      continue;
    }
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 0 || quantity > 2 ** 31 - 1)
      return [invalidValue(attribute)];
  }
  return [];
}

function checkOffer(
  entries: Record<string, unknown>[],
  op: AttributePatch['op'],
  target: PatchTarget,
): ListingIssue[] {
  const attribute = 'purchasable_offer';
  if (entries.length === 0) return [notEnoughValues('our_price', attribute)];
  for (const entry of entries) {
    const marketplaceId = entry.marketplace_id;
    if (marketplaceId !== undefined && !target.marketplaceIds.includes(String(marketplaceId)))
      return [invalidValue(attribute)];
    const currency = entry.currency;
    if (currency !== undefined) {
      const expected = target.currencyOf(String(marketplaceId ?? target.marketplaceIds[0] ?? ''));
      if (currency !== expected) return [invalidValue(attribute)];
    } else if (op !== 'merge') return [notEnoughValues('currency', attribute)];
    if (entry.audience !== undefined && entry.audience !== 'ALL' && entry.audience !== 'B2B')
      return [invalidValue(attribute)];
    const ourPrice = entry.our_price;
    if (ourPrice === undefined) {
      if (op !== 'merge') return [notEnoughValues('our_price', attribute)];
      continue;
    }
    const price = ourPriceValue(ourPrice);
    if (price === undefined) return [notEnoughValues('schedule', `${attribute}.our_price`)];
    const currencyDigits = digits(String(currency ?? target.currencyOf(target.marketplaceIds[0] ?? '')));
    if (!validAmount(price, currencyDigits)) return [invalidValue(attribute)];
  }
  return [];
}

/** `our_price: [{ schedule: [{ value_with_tax }] }]` → the amount, or undefined when the shape is not there. */
export function ourPriceValue(ourPrice: unknown): unknown {
  if (!Array.isArray(ourPrice)) return undefined;
  const schedule = (ourPrice[0] as { schedule?: unknown } | undefined)?.schedule;
  if (!Array.isArray(schedule) || schedule.length === 0) return undefined;
  return (schedule[0] as { value_with_tax?: unknown } | undefined)?.value_with_tax;
}

/** A price above zero with no more decimals than the currency has (0.001 USD or 1.5 JPY are refused). */
function validAmount(value: unknown, currencyDigits: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 1e9) return false;
  const scaled = value * 10 ** currencyDigits;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

const attributesInvalid = (name: string): ListingIssue => ({
  code: '90000900',
  message: 'The attributes are invalid.',
  severity: 'ERROR',
  attributeNames: [name],
  categories: [],
});

const invalidValue = (attribute: string): ListingIssue => ({
  code: '90000900',
  message: `The provided value for '${attribute}' is invalid.`,
  severity: 'ERROR',
  attributeNames: [attribute.split('.')[0] ?? attribute],
  categories: ['INVALID_ATTRIBUTE'],
});

const notEnoughValues = (field: string, attribute: string): ListingIssue => ({
  code: '99022',
  message: `The field '${field}' for the attribute '${attribute}' does not have enough values. The required minimum is '1' value(s).`,
  severity: 'ERROR',
  attributeNames: [attribute.split('.')[0] ?? attribute],
  categories: ['MISSING_ATTRIBUTE'],
});

/**
 * Applies checked patches to one marketplace's attributes and returns the new attributes. `merge` merges
 * entries that share their key (`fulfillment_channel_code`; `marketplace_id` and `audience` for offers), so
 * a merge can change a quantity alone; `add` and `replace` replace the attribute; `delete` removes it.
 * Entries of `purchasable_offer` for another marketplace are left out of this one.
 */
export function applyPatches(
  attributes: Attributes,
  patches: readonly AttributePatch[],
  marketplaceId: string,
): Attributes {
  const out: Attributes = structuredClone(attributes);
  for (const patch of patches) {
    if (patch.op === 'delete') {
      delete out[patch.attribute];
      continue;
    }
    const entries = (patch.value ?? [])
      .filter((e) => e.marketplace_id === undefined || e.marketplace_id === marketplaceId)
      .map((e) => withMarketplace(patch.attribute, e, marketplaceId));
    if (entries.length === 0) continue;
    if (patch.op !== 'merge') {
      out[patch.attribute] = structuredClone(entries);
      continue;
    }
    const merged = [...(out[patch.attribute] ?? [])];
    for (const entry of entries) {
      const index = merged.findIndex((m) => sameKey(patch.attribute, m, entry));
      if (index >= 0) merged[index] = { ...merged[index], ...structuredClone(entry) };
      else merged.push(structuredClone(entry));
    }
    out[patch.attribute] = merged;
  }
  return out;
}

/** Offers and names carry their marketplace; a patch that leaves it out means the request's marketplace. */
function withMarketplace(
  attribute: string,
  entry: Record<string, unknown>,
  marketplaceId: string,
): Record<string, unknown> {
  if (attribute === 'fulfillment_availability' || entry.marketplace_id !== undefined) return entry;
  return { ...entry, marketplace_id: marketplaceId };
}

function sameKey(attribute: string, a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (attribute === 'fulfillment_availability')
    return a.fulfillment_channel_code === b.fulfillment_channel_code;
  if (attribute === 'purchasable_offer')
    return a.marketplace_id === b.marketplace_id && (a.audience ?? 'ALL') === (b.audience ?? 'ALL');
  return true;
}
