import type { components } from '../amazon/generated/types/listingsItems20210801.js';
import { isSpApiError } from '../sp-api/index.js';
import { type CatalogContext, resolveTarget } from './catalog-context.js';
import { CatalogError } from './catalog-error.js';
import { checkSku } from './sku.js';

/** What `showListing` shows. */
export interface ShowListingRequest {
  readonly accountName?: string | undefined;
  readonly marketplaceId?: string | undefined;
  readonly sku: string;
  readonly signal?: AbortSignal;
}

/** The sections `showListing` asks for: everything about the offer and its state. */
const SHOW_DATA = ['summaries', 'attributes', 'issues', 'offers', 'fulfillmentAvailability'] as const;

/**
 * One listing as Amazon has it (getListingsItem's `Item`, unchanged: summaries, attributes, issues, offers,
 * fulfillment availability) in the marketplace. An unknown SKU is `UNKNOWN_SKU`.
 */
export async function showListing(
  ctx: CatalogContext,
  request: ShowListingRequest,
): Promise<{ account: string; marketplaceId: string; item: components['schemas']['Item'] }> {
  const sku = checkSku(request.sku);
  const target = await resolveTarget(ctx, request.accountName, request.marketplaceId);
  try {
    const { body } = await target.client.call('getListingsItem', {
      path: { sellerId: target.sellerId, sku },
      query: { marketplaceIds: [target.marketplaceId], includedData: [...SHOW_DATA] },
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return { account: target.account.name, marketplaceId: target.marketplaceId, item: body };
  } catch (error) {
    if (isSpApiError(error) && error.status === 404) {
      throw new CatalogError(
        'UNKNOWN_SKU',
        `SKU ${JSON.stringify(sku)} is not a listing of account ${target.account.name} in ${target.marketplaceId}: ` +
          `csm listings list --account ${target.account.name} --marketplace ${target.marketplaceId} shows them`,
        'sku',
      );
    }
    throw error;
  }
}
