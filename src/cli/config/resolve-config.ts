import {
  checkClientId,
  checkClientSecret,
  checkRefreshToken,
  type FormatProblem,
} from '../../accounts/credential-format.js';
import { REGIONS, type Region } from '../../amazon/index.js';
import { CliError } from '../cli-error.js';
import type { AccountSource, StoredAccount } from './account-source.js';
import type { CliConfig, CredentialOrigin } from './cli-config.js';
import { parseEndpoint } from './parse-endpoint.js';

/** The configuration flags, as commander parsed them. */
export interface ConfigFlags {
  readonly account?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  readonly sandbox?: boolean | undefined;
}

export interface ConfigInput {
  readonly flags: ConfigFlags;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stored accounts for `--account`; without it `--account` explains what to do instead. */
  readonly accounts?: AccountSource | undefined;
}

/** A raw setting and the name a person knows it by (`--region`, `CSM_REGION`, `account acme`). */
interface Found<T> {
  value: T;
  source: string;
}

/**
 * The one place the CLI's configuration is resolved: each setting from its flag, else its `CSM_*`
 * variable, else the stored account named by `--account`, else its default; validated once, every bad
 * value failing with a usage error that names the flag or variable and the fix.
 *
 * Credentials are one set, never mixed: all from the stored account named by `--account` (a flag
 * outranks the environment), else all from `CSM_LWA_CLIENT_ID`, `CSM_LWA_CLIENT_SECRET` and
 * `CSM_REFRESH_TOKEN`. A stored account's credentials go only to its own host: a `--endpoint` or
 * `CSM_ENDPOINT` naming another one is refused rather than handed the account's secret.
 */
export async function resolveConfig({ flags, env, accounts }: ConfigInput): Promise<CliConfig> {
  const account = flags.account === undefined ? undefined : await findAccount(flags.account, accounts);
  const fromEnv = (name: string): Found<string> | undefined => {
    const value = env[name]?.trim();
    return value ? { value, source: name } : undefined;
  };
  const fromFlag = (flag: string, value: string | undefined): Found<string> | undefined =>
    value === undefined ? undefined : { value: value.trim(), source: flag };
  const fromAccount = <T>(field: string, value: T | undefined): Found<T> | undefined =>
    account && value !== undefined ? { value, source: `account ${account.name} (${field})` } : undefined;

  const credentials: CredentialOrigin = account
    ? { from: 'account', name: account.name }
    : { from: 'environment' };
  const clientId = account
    ? { value: account.clientId, source: `account ${account.name} (client id)` }
    : fromEnv('CSM_LWA_CLIENT_ID');
  const clientSecret = account
    ? { value: account.clientSecret, source: `account ${account.name} (client secret)` }
    : fromEnv('CSM_LWA_CLIENT_SECRET');
  const refreshToken = account
    ? fromAccount('refresh token', account.refreshToken || undefined)
    : fromEnv('CSM_REFRESH_TOKEN');

  const region =
    fromFlag('--region', flags.region) ?? fromEnv('CSM_REGION') ?? fromAccount('region', account?.region);
  const endpointText =
    fromFlag('--endpoint', flags.endpoint) ??
    fromEnv('CSM_ENDPOINT') ??
    fromAccount('endpoint', account?.endpoint);
  const endpoint = endpointText && { value: parseEndpoint(endpointText.value, endpointText.source) };
  if (account) checkAccountHost(account, endpoint?.value, endpointText?.source);

  return {
    clientId: credential(clientId, 'CSM_LWA_CLIENT_ID', checkClientId, MISSING_CLIENT_ID),
    clientSecret: credential(clientSecret, 'CSM_LWA_CLIENT_SECRET', checkClientSecret, MISSING_SECRET),
    refreshToken: refreshToken && credential(refreshToken, 'CSM_REFRESH_TOKEN', checkRefreshToken, ''),
    credentials,
    endpoint: endpoint?.value,
    region: region ? checkRegion(region) : 'na',
    sandbox: flags.sandbox ?? account?.sandbox ?? false,
  };
}

async function findAccount(name: string, accounts: AccountSource | undefined): Promise<StoredAccount> {
  if (name.trim() === '') throw new CliError('--account needs the name of a stored account');
  if (!accounts) {
    throw new CliError(
      `--account ${name}: stored accounts are not available in this version yet; ` +
        'set CSM_LWA_CLIENT_ID, CSM_LWA_CLIENT_SECRET and CSM_REFRESH_TOKEN instead (docs/cli.md)',
    );
  }
  const account = await accounts.find(name);
  if (!account) throw new CliError(`--account ${name}: no stored account has that name`);
  return account;
}

const MISSING_CLIENT_ID =
  "export it with your app's LWA client identifier (Seller Central → Apps and Services → Develop Apps → " +
  'View under "LWA credentials"; it starts with amzn1.application-oa2-client.)';
const MISSING_SECRET =
  'export it with the LWA client secret shown beside the client identifier (it starts with amzn1.oa2-cs.v1.)';

/**
 * A credential, present and of the form Amazon issues (src/accounts/credential-format.ts), so a typo is
 * named here rather than surfacing as Amazon's `invalid_client`. Messages never show the value.
 */
function credential(
  found: Found<string> | undefined,
  variable: string,
  check: (value: string) => FormatProblem | undefined,
  missing: string,
): string {
  if (!found) throw new CliError(`${variable} is not set: ${missing}`);
  const problem = check(found.value);
  if (problem) throw new CliError(`${found.source}: ${problem.problem}. ${problem.fix}`);
  return found.value;
}

function checkRegion({ value, source }: Found<string>): Region {
  const region = REGIONS.find((r) => r === value.toLowerCase());
  if (!region) {
    throw new CliError(`${source} '${value}' is not a region: use ${REGIONS.join(', ')} (na is the default)`);
  }
  return region;
}

/** A stored account's secret goes only to the host it was connected for. */
function checkAccountHost(account: StoredAccount, endpoint: string | undefined, source?: string): void {
  const own = account.endpoint === undefined ? undefined : parseEndpoint(account.endpoint, 'account');
  if (endpoint === own) return;
  const home = own ?? "Amazon's hosts";
  throw new CliError(
    `${source} points at ${endpoint ?? "Amazon's hosts"}, but account ${account.name} is connected to ${home}: ` +
      `its credentials go only there; drop ${source} (or unset it) to use the account`,
  );
}
