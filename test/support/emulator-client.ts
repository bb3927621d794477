import type { RunningEmulator } from '../../src/emulator/index.js';
import type { SpApiClientOptions } from '../../src/index.js';

/** Client options for one seller of a running emulator: LWA and SP-API both point at it. */
export function clientOptionsFor(emulator: RunningEmulator, sellerIndex = 0): SpApiClientOptions {
  const seller = emulator.credentials.sellers[sellerIndex];
  if (!seller) throw new Error(`the emulator has no seller #${sellerIndex}`);
  return {
    endpoint: emulator.url,
    lwaEndpoint: `${emulator.url}/auth/o2/token`,
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    refreshToken: seller.refreshToken,
    sellerId: seller.sellerId,
  };
}
