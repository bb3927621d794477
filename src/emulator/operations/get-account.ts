import { marketplace } from '../marketplaces.js';
import type { OperationDefinition } from '../operation.js';
import { marketplaceParticipations } from './marketplace-participations.js';

/** `GET /sellers/v1/account`. */
export const getAccount: OperationDefinition = {
  key: 'getAccount',
  handle(ctx) {
    const seller = ctx.state.seller(ctx.caller.sellerId);
    const home = marketplace(seller?.marketplaceIds[0] ?? 'ATVPDKIKX0DER');
    const place = home.places[0] ?? ['Seattle', 'WA', '98101'];
    const address = {
      addressLine1: '410 Terry Ave N',
      countryCode: home.countryCode,
      city: place[0],
      postalCode: place[2],
    };
    return {
      body: {
        marketplaceParticipationList: marketplaceParticipations(ctx.state, ctx.caller.sellerId),
        businessType: 'PRIVATE_LIMITED',
        sellingPlan: 'PROFESSIONAL',
        business: {
          name: `Emulated Seller ${ctx.caller.sellerId.slice(-4)} Ltd`,
          registeredBusinessAddress: address,
        },
        primaryContact: { name: 'Sam Seller', address },
      },
    };
  },
};
