import type { Socket } from 'node:net';
import { unauthorized } from '../amazon-error-response.js';
import type { EmulatorState } from '../emulator-state.js';

/**
 * On a regional port, a seller authorized in another region is refused as Amazon refuses a token sent to
 * another region's endpoint: 403 `Unauthorized` "Access to requested resource is denied." with details "".
 * The main port and grantless calls (no seller) pass.
 */
export function checkRegion(state: EmulatorState, socket: Socket, sellerId: string): void {
  const portRegion = state.regional.regionOf(socket);
  if (portRegion === undefined || sellerId === '') return;
  const seller = state.seller(sellerId);
  if (seller && seller.region !== portRegion) throw unauthorized('');
}
