import type { EmulatorState } from '../emulator-state.js';
import { marketplace } from '../marketplaces.js';

/** The seller's marketplaces in the Sellers API shape (shared by getMarketplaceParticipations and getAccount). */
export function marketplaceParticipations(state: EmulatorState, sellerId: string): unknown[] {
  const seller = state.seller(sellerId);
  const storeName = `Emulated Store ${sellerId.slice(-4)}`;
  return (seller?.marketplaceIds ?? []).map((id) => {
    const m = marketplace(id);
    return {
      marketplace: {
        id: m.id,
        name: m.name,
        countryCode: m.countryCode,
        defaultCurrencyCode: m.defaultCurrency,
        defaultLanguageCode: m.defaultLanguage,
        domainName: m.domain,
      },
      participation: { isParticipating: true, hasSuspendedListings: false },
      storeName,
    };
  });
}
