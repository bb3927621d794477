import type { components } from '../amazon/generated/types/listingsItems20210801.js';
import type { Price } from './listing-values.js';

type PatchOperation = components['schemas']['PatchOperation'];

/** One change to one listing: its seller-fulfilled stock, or its price. */
export type ListingChange =
  | { readonly kind: 'stock'; readonly quantity: number }
  | { readonly kind: 'price'; readonly price: Price };

/** An issue Amazon raised about a submission (Listings Items `Issue`, or a feed report's issue). */
export interface UpdateIssue {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly attributeNames: readonly string[];
}

/** What Amazon answered to one update. */
export interface UpdateOutcome {
  readonly account: string;
  readonly marketplaceId: string;
  readonly sku: string;
  /**
   * Amazon's status: `ACCEPTED` (the change will apply; Amazon applies it within minutes) or `INVALID`
   * (refused, see `issues`); open, as Amazon may add values.
   */
  readonly status: string;
  /** patchListingsItem's submission id, or the feed's id for an update sent in a feed. */
  readonly submissionId: string | undefined;
  readonly issues: readonly UpdateIssue[];
  /** How it went to Amazon. */
  readonly via: 'patch' | 'feed';
  /** The quantity or price before, as getListingsItem or searchListingsItems read it. */
  readonly before: string | undefined;
  /** The quantity or price sent. */
  readonly after: string;
}

/**
 * The JSON Patch of a change, as Listings Items 2021-08-01 and JSON_LISTINGS_FEED take it. `merge`
 * changes only the fields given, keyed by their selector fields (`fulfillment_channel_code`; `marketplace_id`
 * and `audience`), so a quantity change keeps the handling time and restock date, and a price change keeps
 * the rest of the offer (Amazon's "Merge a listing" tutorial).
 */
export function changePatches(change: ListingChange, marketplaceId: string): PatchOperation[] {
  if (change.kind === 'stock') {
    return [
      {
        op: 'merge',
        path: '/attributes/fulfillment_availability',
        value: [{ fulfillment_channel_code: 'DEFAULT', quantity: change.quantity }],
      },
    ];
  }
  return [
    {
      op: 'merge',
      path: '/attributes/purchasable_offer',
      value: [
        {
          marketplace_id: marketplaceId,
          currency: change.price.currency,
          audience: 'ALL',
          our_price: [{ schedule: [{ value_with_tax: Number(change.price.amount) }] }],
        },
      ],
    },
  ];
}

/** The change as a person reads it: `25` units, `19.99 USD`. */
export function describeChange(change: ListingChange): string {
  return change.kind === 'stock'
    ? String(change.quantity)
    : `${change.price.amount} ${change.price.currency}`;
}

/** Amazon's issues in the catalog's shape (Listings Items `Issue`). */
export function issuesOf(issues: readonly components['schemas']['Issue'][] | undefined): UpdateIssue[] {
  return (issues ?? []).map((i) => ({
    code: i.code,
    severity: i.severity,
    message: i.message,
    attributeNames: i.attributeNames ?? [],
  }));
}
