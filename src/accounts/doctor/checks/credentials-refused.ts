import { isLwaError } from '../../../sp-api/index.js';
import { skip, type Verdict } from '../check-result.js';
import type { Outcome } from '../outcome.js';

/** The skip of a check that needs an access token when LWA gave none. */
export function skippedForLwa(outcome: Outcome<unknown>): Verdict | undefined {
  if (outcome.ok || !isLwaError(outcome.error)) return undefined;
  return skip('LWA gave no access token, so no SP-API call was made (see lwa.client and lwa.refresh-token)');
}
