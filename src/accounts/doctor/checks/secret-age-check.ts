import { isLwaError } from '../../../sp-api/index.js';
import { daysSince } from '../../account-fields.js';
import { whereToFind } from '../../where-to-find.js';
import type { CheckContext } from '../check-context.js';
import { fail, pass, type Verdict, warn } from '../check-result.js';

/** Amazon makes LWA client secrets expire this many days after they are created. */
export const SECRET_LIFETIME_DAYS = 180;
/** Doctor warns this many days before. */
export const SECRET_WARN_DAYS = 30;

/** `secret.age`: the client secret against Amazon's 180-day rotation. */
export async function checkSecretAge(ctx: CheckContext): Promise<Verdict> {
  const created = ctx.account.secretCreated;
  const where = whereToFind(ctx.account.kind);
  const rotate = `Rotate it at ${where.lwaCredentials} (Rotate secret), then ${ctx.storeSecret('client-secret')} --secret-created <that day>`;
  if (created === undefined) {
    return warn(
      "the client secret's creation day is not recorded, so csm cannot warn before Amazon's 180-day expiry",
      `Record it: ${ctx.recordSecretDay()} (the day it was created or last rotated, at ${where.lwaCredentials})`,
    );
  }
  const age = daysSince(created, ctx.now());
  const left = SECRET_LIFETIME_DAYS - age;
  if (left <= 0) {
    const outcome = await ctx.probe.participations();
    // A token was issued (an SP-API answer, or an SP-API error after it): LWA still takes the secret.
    const accepted = outcome.ok || !isLwaError(outcome.error);
    if (accepted) {
      return warn(
        `the secret's recorded creation day ${created} is ${age} days ago, past Amazon's ${SECRET_LIFETIME_DAYS} days, ` +
          'yet LWA accepted the secret: the recorded day is probably wrong',
        `Record the right day: ${ctx.recordSecretDay()}`,
      );
    }
    return fail(
      `the client secret was created on ${created}, ${age} days ago: Amazon's client secrets expire after ${SECRET_LIFETIME_DAYS} days`,
      rotate,
    );
  }
  if (left <= SECRET_WARN_DAYS) {
    return warn(
      `the client secret expires in ${left} day${left === 1 ? '' : 's'} (created on ${created}; Amazon's secrets last ${SECRET_LIFETIME_DAYS} days)`,
      rotate,
    );
  }
  return pass(`the client secret was created on ${created}, ${age} days ago; it expires in ${left} days`);
}
