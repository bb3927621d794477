import type { AccountSecrets, AccountSettings } from '../account.js';
import { accountEndpoint } from '../account.js';
import { AccountProbe, type ProbeOptions } from './account-probe.js';
import { CheckContext, type CheckMode } from './check-context.js';
import { CHECK_IDS, type CheckId, type CheckResult, fail, type Verdict } from './check-result.js';
import { checkAwsAssumeRole, checkAwsFormat, checkAwsIdentity, StsProbe } from './checks/aws-checks.js';
import { checkClockSkew } from './checks/clock-skew-check.js';
import { checkLwaClient, checkRefreshToken } from './checks/lwa-checks.js';
import { checkOrdersRole } from './checks/orders-role-check.js';
import { checkPiiIncludedData, checkPiiRdt } from './checks/pii-checks.js';
import { checkMarketplaces, checkRegion } from './checks/region-check.js';
import { checkSandbox } from './checks/sandbox-check.js';
import { checkSecretAge } from './checks/secret-age-check.js';
import {
  checkFeedsRole,
  checkInventoryRole,
  checkListingsRole,
  checkSellerId,
} from './checks/writeback-checks.js';

/** Options of {@link checkAccount}. */
export interface CheckAccountOptions extends ProbeOptions {
  /** Whose words the fixes use. @default 'doctor' */
  readonly mode?: CheckMode;
  /** The checks to run, in this order. @default every check but account.secrets */
  readonly only?: readonly CheckId[];
  /**
   * Where the legacy AWS checks call STS. @default the account's endpoint + `/sts` when it has one (the
   * emulator), else AWS's own
   */
  readonly stsEndpoint?: string | undefined;
}

/** The checks `csm connect` runs before it stores anything. */
export const CONNECT_CHECKS: readonly CheckId[] = [
  'lwa.client',
  'lwa.refresh-token',
  'region',
  'marketplaces',
  'secret.age',
  'aws.identity',
  'aws.assume-role',
];

type Runner = (ctx: CheckContext, sts: StsProbe | undefined, aws: AwsFieldsOf) => Promise<Verdict>;
type AwsFieldsOf = ConstructorParameters<typeof StsProbe>[0] | undefined;

const RUNNERS: Record<Exclude<CheckId, 'account.secrets'>, Runner> = {
  'lwa.client': (ctx) => checkLwaClient(ctx),
  'lwa.refresh-token': (ctx) => checkRefreshToken(ctx),
  region: (ctx) => checkRegion(ctx),
  marketplaces: (ctx) => checkMarketplaces(ctx),
  'orders.role': (ctx) => checkOrdersRole(ctx),
  'pii.included-data': (ctx) => checkPiiIncludedData(ctx),
  'pii.rdt': (ctx) => checkPiiRdt(ctx),
  'listings.role': (ctx) => checkListingsRole(ctx),
  'feeds.role': (ctx) => checkFeedsRole(ctx),
  'inventory.role': (ctx) => checkInventoryRole(ctx),
  'seller.id': (ctx) => checkSellerId(ctx),
  'secret.age': (ctx) => checkSecretAge(ctx),
  'clock.skew': (ctx) => checkClockSkew(ctx),
  sandbox: (ctx) => checkSandbox(ctx),
  'aws.format': (ctx, _, aws) => checkAwsFormat(ctx, aws),
  'aws.identity': (ctx, sts) => checkAwsIdentity(ctx, sts),
  'aws.assume-role': (ctx, sts) => checkAwsAssumeRole(ctx, sts),
};

/**
 * Runs the checks of one account, all at once: each waits only for the calls it reads (shared through one
 * probe), so independent checks run concurrently while the client keeps every call within its rate limit.
 * Returns the results in `CHECKS` order and the probe, whose calls connect reads the marketplaces from.
 */
export async function checkAccount(
  account: AccountSettings,
  secrets: AccountSecrets,
  options: CheckAccountOptions,
): Promise<{ results: CheckResult[]; probe: AccountProbe }> {
  const probe = new AccountProbe(account, secrets, options);
  const stsEndpoint = options.stsEndpoint ?? stsEndpointOf(account);
  const ctx = new CheckContext(account, probe, options.mode ?? 'doctor', stsEndpoint);
  const aws =
    account.aws && secrets.awsSecretAccessKey !== undefined
      ? { ...account.aws, secretAccessKey: secrets.awsSecretAccessKey }
      : undefined;
  const sts = aws ? new StsProbe(aws, stsEndpoint) : undefined;
  const ids = (options.only ?? CHECK_IDS).filter(
    (id): id is keyof typeof RUNNERS => id !== 'account.secrets',
  );
  const verdicts = await Promise.all(
    ids.map((id) =>
      RUNNERS[id](ctx, sts, aws).catch((error: unknown) =>
        // A check that throws is a bug in csm: said as such, without hiding the other checks.
        fail(
          `the check itself failed: ${error instanceof Error ? error.message : String(error)}`,
          'Report it to csm (with this line); the other checks still ran',
        ),
      ),
    ),
  );
  return { results: ids.map((id, i) => ({ id, account: account.name, ...verdicts[i]! })), probe };
}

/** The emulator answers STS at `/sts` of its base URL; Amazon's hosts leave it to AWS's own. */
function stsEndpointOf(account: AccountSettings): string | undefined {
  const base = accountEndpoint(account);
  return base ? `${base}/sts` : undefined;
}
