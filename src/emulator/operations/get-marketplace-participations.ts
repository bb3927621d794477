import type { OperationDefinition } from '../operation.js';
import { marketplaceParticipations } from './marketplace-participations.js';

/** `GET /sellers/v1/marketplaceParticipations`: the usual "are these credentials valid" probe. */
export const getMarketplaceParticipations: OperationDefinition = {
  key: 'getMarketplaceParticipations',
  handle(ctx) {
    return { body: marketplaceParticipations(ctx.state, ctx.caller.sellerId) };
  },
};
