import { isCsmApiError, isSpApiError } from '../../../sp-api/index.js';
import type { CheckContext } from '../check-context.js';
import { fail, pass, skip, type Verdict } from '../check-result.js';
import { skippedForLwa } from './credentials-refused.js';

/**
 * `sandbox`: the account's sandbox setting matches the host. Amazon's static sandbox answers only its
 * models' examples ("Could not match input arguments" otherwise, diagnosis `SANDBOX_NO_MATCH`), and
 * production refuses those examples as malformed.
 */
export async function checkSandbox(ctx: CheckContext): Promise<Verdict> {
  const participations = await ctx.probe.participations();
  if (!participations.ok) {
    return skippedForLwa(participations) ?? skip('getMarketplaceParticipations failed (see region)');
  }
  const host = ctx.account.endpoint ?? ctx.account.regionEndpoints?.[ctx.account.region];
  const where = host ? `the endpoint ${host}` : "Amazon's production host";
  if (!ctx.account.sandbox) {
    if (ctx.account.kind === 'vendor') {
      return skip('vendor account: no Orders call to tell the sandbox from production');
    }
    const orders = await ctx.probe.orders();
    if (!orders.ok && isSpApiError(orders.error) && orders.error.diagnosis?.code === 'SANDBOX_NO_MATCH') {
      return fail(
        `${where} answers as Amazon's static sandbox (searchOrders: "Could not match input arguments"), but the ` +
          'account is set to production: it gets only fixed examples, never real orders',
        `Point the account at production (${ctx.reconnect('without --sandbox and without a sandbox endpoint')}), ` +
          'or mark it as a sandbox account (--sandbox) if the examples are what you want',
      );
    }
    if (!orders.ok && !isSpApiError(orders.error)) {
      return skip('searchOrders did not run (see orders.role)');
    }
    return pass(`${where} answered a real searchOrders query: it is production`);
  }
  const example = await ctx.probe.sandboxExample();
  if (example.ok) return pass("the host answered the static sandbox's own example (getOrders TEST_CASE_200)");
  const error = example.error;
  if (isSpApiError(error) && error.kind === 'invalid-input' && error.diagnosis?.code !== 'SANDBOX_NO_MATCH') {
    return fail(
      `the account is set to the sandbox, but its host answered the sandbox's own example as production does ` +
        `(getOrders CreatedAfter=TEST_CASE_200 refused: ${error.code})`,
      `Drop the sandbox setting for a production account (${ctx.reconnect('without --sandbox')}), or point it at ` +
        "Amazon's sandbox host",
    );
  }
  const diagnosis = isCsmApiError(error) ? error.diagnosis : undefined;
  return fail(
    `the sandbox example call failed: ${diagnosis?.cause ?? (error as Error).message}`,
    diagnosis?.fix ?? 'Run csm doctor again.',
  );
}
