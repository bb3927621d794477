import { invalidInput } from '../amazon-error-response.js';
import { checkPatches, readPatches } from '../listings/listing-patches.js';
import type { Attributes } from '../listings/listing-types.js';
import type { OperationDefinition } from '../operation.js';
import { submissionAnswer } from './listing-submission.js';
import {
  CANNOT_PARSE,
  isPreview,
  listingsBody,
  listingsMarketplaces,
  listingsSeller,
  patchTarget,
  submissionStatus,
} from './listings-helpers.js';

const REQUIREMENTS = ['LISTING', 'LISTING_PRODUCT_ONLY', 'LISTING_OFFER_ONLY'];

/**
 * `PUT /listings/2021-08-01/items/{sellerId}/{sku}`: creates the listing or replaces all its attributes in
 * the marketplace, with the same checks as a patch (the attributes the emulator knows, their values).
 */
export const putListingsItem: OperationDefinition = {
  key: 'putListingsItem',
  handle(ctx) {
    const sellerId = listingsSeller(ctx);
    const marketplaceIds = listingsMarketplaces(ctx);
    const sku = ctx.pathParams.sku ?? '';
    const body = listingsBody(ctx.body);
    const { productType, requirements, attributes } = body;
    if (typeof productType !== 'string' || productType.trim() === '') throw invalidInput(CANNOT_PARSE);
    if (requirements !== undefined && !REQUIREMENTS.includes(String(requirements)))
      throw invalidInput(CANNOT_PARSE);
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
      throw invalidInput(CANNOT_PARSE);
    }
    const patches = readPatches(
      Object.entries(attributes).map(([name, value]) => ({
        op: 'replace',
        path: `/attributes/${name}`,
        value,
      })),
    );
    const issues = checkPatches(patches, patchTarget(marketplaceIds));
    const status = submissionStatus(issues, isPreview(ctx));
    if (status === 'ACCEPTED') {
      ctx.state.listings.replace(
        sellerId,
        sku,
        marketplaceIds,
        productType,
        attributes as Attributes,
        ctx.now,
      );
    }
    return { body: submissionAnswer(ctx, sellerId, sku, marketplaceIds, status, issues) };
  },
};
