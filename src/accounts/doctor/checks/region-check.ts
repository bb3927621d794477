import { REGIONS, type Region } from '../../../amazon/index.js';
import { isCsmApiError, isSpApiError } from '../../../sp-api/index.js';
import { REGION_NAMES, whereToFind } from '../../where-to-find.js';
import type { CheckContext } from '../check-context.js';
import { fail, pass, skip, type Verdict } from '../check-result.js';
import { skippedForLwa } from './credentials-refused.js';

const named = (region: Region) => `${REGION_NAMES[region]} (${region})`;

/**
 * `region`: the seller authorized the app in the account's region. Authorizations are regional: another
 * region's host answers 403 Access denied. On a 403, the other regions' hosts are asked too, so a seller
 * authorized elsewhere is found and named.
 */
export async function checkRegion(ctx: CheckContext): Promise<Verdict> {
  const home = ctx.account.region;
  const outcome = await ctx.probe.participations();
  if (outcome.ok) {
    return pass(
      `the seller authorized this app in ${named(home)}: getMarketplaceParticipations answered there`,
    );
  }
  const lwa = skippedForLwa(outcome);
  if (lwa) return lwa;
  const error = outcome.error;
  if (!isSpApiError(error) || error.kind !== 'role') {
    const diagnosis = isCsmApiError(error) ? error.diagnosis : undefined;
    return fail(
      `getMarketplaceParticipations failed in ${named(home)}: ${diagnosis?.cause ?? (error as Error).message}`,
      diagnosis?.fix ?? 'Check the network and the endpoint, then run csm doctor again.',
    );
  }
  const where = whereToFind(ctx.account.kind);
  const others = REGIONS.filter((r) => r !== home && ctx.probe.hasOwnHost(r));
  if (ctx.account.sandbox || others.length === 0) {
    return fail(
      `SP-API refused getMarketplaceParticipations (403 ${error.code}): the seller has not authorized this app, ` +
        'authorized it in another region, or the app is a Draft that this seller cannot use',
      `Authorize the app (${where.selfAuthorize}, or csm connect --oauth) in the region the seller sells in`,
    );
  }
  const answers = await Promise.all(others.map((r) => ctx.probe.participations(r)));
  const found = others.find((_, i) => answers[i]?.ok);
  if (found) {
    return fail(
      `the seller authorized this app in ${named(found)}, not in ${named(home)}: SP-API answers ` +
        `getMarketplaceParticipations on the ${found} host and refuses it (403) on the ${home} host`,
      `Use region ${found}: ${ctx.reconnect(`--region ${found}`)}`,
    );
  }
  return fail(
    `SP-API refused getMarketplaceParticipations (403 ${error.code}) in every region: the seller has not ` +
      'authorized this app (or removed the authorization), the app is a Draft that this seller cannot use, ' +
      'or the seller account is suspended',
    `Authorize the app (${where.selfAuthorize}, or csm connect --oauth; a Draft app needs --draft) and ` +
      `${ctx.storeSecret('refresh-token')}`,
  );
}

/** `marketplaces`: the seller takes part in at least one marketplace, none with suspended listings. */
export async function checkMarketplaces(ctx: CheckContext): Promise<Verdict> {
  const outcome = await ctx.probe.participations();
  if (!outcome.ok) {
    return skippedForLwa(outcome) ?? skip('getMarketplaceParticipations failed (see region)');
  }
  const all = outcome.value.marketplaces;
  const participating = all.filter((m) => m.participating);
  const list = (ms: typeof all) => ms.map((m) => `${m.name || m.id} (${m.id})`).join(', ');
  if (participating.length === 0) {
    return fail(
      all.length === 0
        ? 'getMarketplaceParticipations lists no marketplace for this seller'
        : `the seller takes part in none of the marketplaces listed (${list(all)})`,
      `Check the account's marketplaces in ${whereToFind(ctx.account.kind).central} (Settings > Account Info); ` +
        'an account with no active marketplace has nothing to sell or sync',
    );
  }
  const suspended = participating.filter((m) => m.suspendedListings);
  if (suspended.length > 0) {
    return {
      status: 'warn',
      cause: `listings are suspended in ${list(suspended)}`,
      fix: 'See Account Health in Seller Central (Performance > Account Health) for what Amazon asks',
    };
  }
  const stored = new Set(ctx.account.marketplaces.filter((m) => m.participating).map((m) => m.id));
  const now = new Set(participating.map((m) => m.id));
  const added = participating.filter((m) => !stored.has(m.id));
  const gone = ctx.account.marketplaces.filter((m) => m.participating && !now.has(m.id));
  if (ctx.mode === 'doctor' && ctx.account.marketplaces.length > 0 && (added.length > 0 || gone.length > 0)) {
    return {
      status: 'warn',
      cause:
        'the marketplaces changed since the account was connected:' +
        (added.length > 0 ? ` now also ${list(added)}` : '') +
        (gone.length > 0 ? ` no longer ${list(gone)}` : ''),
      fix: `Record them: ${ctx.reconnect(`--region ${ctx.account.region}`)}`,
    };
  }
  return pass(`takes part in ${list(participating)}`);
}
