import type { Account } from '../account.js';
import { AccountError, inputError } from '../account-error.js';
import type { AccountRepository } from '../account-repository.js';
import type { ProbeOptions } from '../doctor/account-probe.js';
import { CONNECT_CHECKS, checkAccount } from '../doctor/check-account.js';
import type { CheckResult } from '../doctor/check-result.js';
import { ConnectError } from './connect-error.js';
import { type ConnectRequest, connectRequestProblems } from './connect-request.js';

/** Options of {@link connectAccount}. */
export interface ConnectOptions extends ProbeOptions {
  /** Replace a stored account of the same name (after the checks pass). @default false */
  readonly replace?: boolean;
  /** Where the legacy AWS checks call STS. @default as `checkAccount` */
  readonly stsEndpoint?: string | undefined;
}

/** What a connect stored, and what its checks said (warnings included). */
export interface ConnectResult {
  readonly account: Account;
  readonly checks: readonly CheckResult[];
}

/**
 * Connects an account: checks every value's format (a malformed one is named and nothing is sent), then
 * asks LWA for a token with the client id, secret and refresh token, then `getMarketplaceParticipations`
 * in the account's region (a seller authorized in another region is named), and the legacy AWS keys when
 * given; only when none of that failed is the account stored, with the marketplaces found. A failure
 * throws `ConnectError` with every failed check's cause and fix, and nothing is stored.
 */
export async function connectAccount(
  accounts: AccountRepository,
  request: ConnectRequest,
  options: ConnectOptions,
): Promise<ConnectResult> {
  const malformed = inputError(connectRequestProblems(request, options.clock.now()));
  if (malformed) throw malformed;
  if (!options.replace && (await accounts.find(request.name))) {
    throw new AccountError(
      'ACCOUNT_EXISTS',
      `an account named ${request.name} is stored already: choose another --name, or add --replace to ` +
        'replace it once the new credentials pass their checks',
    );
  }
  const settings = {
    ...request,
    applicationId: request.applicationId,
    sellerId: request.sellerId,
    endpoint: request.endpoint,
    regionEndpoints: request.regionEndpoints,
    sandbox: request.sandbox ?? false,
    secretCreated: request.secretCreated,
    marketplaces: [],
    aws: request.aws && { accessKeyId: request.aws.accessKeyId, roleArn: request.aws.roleArn },
  };
  const secrets = {
    clientSecret: request.clientSecret,
    refreshToken: request.refreshToken,
    awsSecretAccessKey: request.aws?.secretAccessKey,
  };
  const only = CONNECT_CHECKS.filter((id) => request.aws || !id.startsWith('aws.'));
  const { results, probe } = await checkAccount(settings, secrets, { ...options, mode: 'connect', only });
  const participations = await probe.participations();
  if (results.some((r) => r.status === 'fail') || !participations.ok) throw new ConnectError(results);
  const account = await accounts.add(
    { ...request, marketplaces: participations.value.marketplaces },
    { replace: options.replace ?? false },
  );
  return { account, checks: results };
}
