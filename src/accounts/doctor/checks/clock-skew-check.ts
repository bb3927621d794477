import type { CheckContext } from '../check-context.js';
import { pass, skip, type Verdict, warn } from '../check-result.js';

/**
 * Beyond this, order sync windows (searchOrders refuses times less than two minutes old) and token
 * expiry computed from this machine's clock go wrong. `Date` has whole seconds, and the answer's trip
 * adds a little, so smaller differences are noise.
 */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** `clock.skew`: this machine's clock against Amazon's `Date` header. */
export async function checkClockSkew(ctx: CheckContext): Promise<Verdict> {
  await ctx.probe.participations();
  const reading = ctx.probe.clockReading;
  if (!reading) {
    return skip('no SP-API answer carried a Date header to compare with (see lwa.client and region)');
  }
  const skew = reading.local - reading.amazon;
  const seconds = Math.round(Math.abs(skew) / 1000);
  if (Math.abs(skew) <= MAX_CLOCK_SKEW_MS) {
    return pass(`this machine's clock is within ${Math.max(seconds, 1)} s of Amazon's`);
  }
  return warn(
    `this machine's clock is ${seconds} s ${skew > 0 ? 'ahead of' : 'behind'} Amazon's (its Date header): ` +
      'order sync windows and token expiry are computed from this clock',
    'Synchronize the clock with NTP (on Linux: timedatectl set-ntp true; check with timedatectl status)',
  );
}
