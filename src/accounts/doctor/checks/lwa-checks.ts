import { isCsmApiError, isLwaError } from '../../../sp-api/index.js';
import { daysSince } from '../../account-fields.js';
import { whereToFind } from '../../where-to-find.js';
import type { CheckContext } from '../check-context.js';
import { fail, pass, skip, type Verdict } from '../check-result.js';
import { SECRET_LIFETIME_DAYS } from './secret-age-check.js';

/** LWA refused the client (id and secret). */
const CLIENT_REFUSED = new Set(['LWA_INVALID_CLIENT', 'LWA_SECRET_EXPIRED']);
/** LWA authenticated the client and refused the grant: the refresh token. */
const TOKEN_REFUSED = new Set(['LWA_INVALID_GRANT', 'LWA_UNAUTHORIZED_CLIENT']);

/** `lwa.client`: LWA accepts the client id and secret (it checks them before the refresh token). */
export async function checkLwaClient(ctx: CheckContext): Promise<Verdict> {
  const outcome = await ctx.probe.participations();
  if (outcome.ok || !isLwaError(outcome.error)) return pass('LWA accepted the client id and secret');
  const error = outcome.error;
  const code = error.diagnosis?.code ?? '';
  if (TOKEN_REFUSED.has(code)) {
    return pass(
      'LWA accepted the client id and secret (it refused the refresh token: see lwa.refresh-token)',
    );
  }
  const where = whereToFind(ctx.account.kind);
  if (CLIENT_REFUSED.has(code)) {
    const created = ctx.account.secretCreated;
    const age = created === undefined ? undefined : daysSince(created, ctx.now());
    if (code === 'LWA_SECRET_EXPIRED' || (age !== undefined && age >= SECRET_LIFETIME_DAYS)) {
      return fail(
        `LWA refused the client secret (${error.error}): it has expired` +
          (age === undefined ? '' : `; it was created on ${created}, ${age} days ago, `) +
          `and Amazon's client secrets last ${SECRET_LIFETIME_DAYS} days (after a rotation the previous one works 7 more days)`,
        `Rotate the secret at ${where.lwaCredentials} (Rotate secret), copy the new one, and ` +
          `${ctx.storeSecret('client-secret')} --secret-created <today>`,
      );
    }
    return fail(
      `LWA refused the client id and secret (${error.error}): the secret (or the id) is mistyped or cut short, ` +
        'belongs to another app, or expired after a rotation (the previous secret works only 7 days after it)' +
        (age === undefined ? '; its creation day is not recorded, so expiry cannot be ruled out' : ''),
      `Copy the Client identifier and Client secret again from ${where.lwaCredentials}; ` +
        `${ctx.storeSecret('client-secret')}. If the id differs, connect the account again with the right one.`,
    );
  }
  return lwaUnreachable(error);
}

/** `lwa.refresh-token`: the refresh token is valid and was issued to this app. */
export async function checkRefreshToken(ctx: CheckContext): Promise<Verdict> {
  const outcome = await ctx.probe.participations();
  if (outcome.ok || !isLwaError(outcome.error)) {
    return pass('LWA issued a fresh access token for the refresh token');
  }
  const error = outcome.error;
  const code = error.diagnosis?.code ?? '';
  const where = whereToFind(ctx.account.kind);
  if (code === 'LWA_INVALID_GRANT') {
    return fail(
      'LWA refused the refresh token (invalid_grant): the seller removed the authorization or authorized the ' +
        'app again (which replaces the token), or the token was cut short or altered when it was copied',
      `Authorize the app again (${where.selfAuthorize}, or csm connect --oauth) and ` +
        `${ctx.storeSecret('refresh-token')}`,
    );
  }
  if (code === 'LWA_UNAUTHORIZED_CLIENT') {
    return fail(
      'LWA says the refresh token belongs to another app (unauthorized_client): the seller authorized a ' +
        `different app than client id …${ctx.account.clientId.slice(-6)} (an app created again, or another app's token pasted)`,
      `Authorize this app (${where.selfAuthorize}) and ${ctx.storeSecret('refresh-token')}; ` +
        'or connect with the client id and secret of the app the token was issued to',
    );
  }
  if (CLIENT_REFUSED.has(code)) {
    return skip(
      'LWA refused the client id and secret first (see lwa.client); it checks the token after them',
    );
  }
  return lwaUnreachable(error);
}

/** LWA did not answer, or answered something no check above expects. */
function lwaUnreachable(error: unknown): Verdict {
  const diagnosis = isCsmApiError(error) ? error.diagnosis : undefined;
  const kind = isCsmApiError(error) ? error.kind : 'unknown';
  if (kind === 'network' || kind === 'server' || kind === 'throttled') {
    return fail(
      `LWA did not give a token: ${diagnosis?.cause ?? (error as Error).message}`,
      diagnosis?.fix ?? 'Check the network and any proxy, then run csm doctor again.',
    );
  }
  return fail(
    `LWA refused the token request: ${diagnosis?.cause ?? (error as Error).message}`,
    diagnosis?.fix ?? 'Check the client id, client secret and refresh token, then run csm doctor again.',
  );
}
