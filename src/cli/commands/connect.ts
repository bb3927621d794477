import type { Command } from 'commander';
import { AccountError } from '../../accounts/account-error.js';
import { connectAccount } from '../../accounts/connect/connect-account.js';
import type { ConnectRequest } from '../../accounts/connect/connect-request.js';
import { connectRequestProblems } from '../../accounts/connect/connect-request.js';
import { authorizeInBrowser } from '../../accounts/connect/oauth/authorize-in-browser.js';
import { runWizard, type WizardDefaults } from '../../accounts/connect/wizard.js';
import type { FormatProblem } from '../../accounts/credential-format.js';
import type { CheckResult } from '../../accounts/doctor/check-result.js';
import {
  type Account,
  type AccountKind,
  type OpenedAccounts,
  openAccounts,
  parseBaseUrl,
  parseRegion,
  parseRegionEndpoints,
} from '../../accounts/index.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import { accountsCliError } from '../config/account-source.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/**
 * Each setting of `csm connect`: its flag and the `CSM_*` variable read when the flag is absent, so
 * secrets need not sit in shell history. docs/connect.md lists the same table.
 */
export const CONNECT_SETTINGS = {
  name: { flag: '--name', variable: 'CSM_ACCOUNT_NAME' },
  clientId: { flag: '--client-id', variable: 'CSM_LWA_CLIENT_ID' },
  clientSecret: { flag: '--client-secret', variable: 'CSM_LWA_CLIENT_SECRET' },
  refreshToken: { flag: '--refresh-token', variable: 'CSM_REFRESH_TOKEN' },
  sellerId: { flag: '--seller-id', variable: 'CSM_SELLER_ID' },
  vendor: { flag: '--vendor', variable: 'CSM_VENDOR' },
  region: { flag: '--region', variable: 'CSM_REGION' },
  secretCreated: { flag: '--secret-created', variable: 'CSM_SECRET_CREATED' },
  endpoint: { flag: '--endpoint', variable: 'CSM_ENDPOINT' },
  sandbox: { flag: '--sandbox', variable: 'CSM_SANDBOX' },
  awsAccessKeyId: { flag: '--aws-access-key-id', variable: 'CSM_AWS_ACCESS_KEY_ID' },
  awsSecretAccessKey: { flag: '--aws-secret-access-key', variable: 'CSM_AWS_SECRET_ACCESS_KEY' },
  roleArn: { flag: '--role-arn', variable: 'CSM_ROLE_ARN' },
  stsEndpoint: { flag: '--sts-endpoint', variable: 'CSM_STS_ENDPOINT' },
  applicationId: { flag: '--application-id', variable: 'CSM_APPLICATION_ID' },
  redirectUri: { flag: '--redirect-uri', variable: 'CSM_REDIRECT_URI' },
  draft: { flag: '--draft', variable: 'CSM_DRAFT_APP' },
  oauthTimeout: { flag: '--oauth-timeout', variable: 'CSM_OAUTH_TIMEOUT' },
} as const;

type Setting = keyof typeof CONNECT_SETTINGS;
type Switch = 'vendor' | 'sandbox' | 'draft';
/** The settings as read: text values, and the three switches as booleans. */
type Settings = Partial<Record<Exclude<Setting, Switch>, string>> & Record<Switch, boolean>;
type ConnectFlags = Partial<Record<Setting, string | boolean>> & {
  nonInteractive?: boolean;
  oauth?: boolean;
  replace?: boolean;
  json?: boolean;
};

/** How long `--oauth` waits for the browser to come back, by default. */
const DEFAULT_OAUTH_TIMEOUT_S = 300;
/** The emulator registers loopback redirect URIs with any port; port 0 picks a free one. */
const LOOPBACK_REDIRECT = 'http://127.0.0.1:0/callback';

export function registerConnectCommand(program: Command, context: CliContext): void {
  program
    .command('connect')
    .description(
      'connect a seller or vendor account: check its credentials with Amazon, then store them encrypted',
    )
    .option(
      '--non-interactive',
      'ask nothing: every value from flags or CSM_* variables (see docs/connect.md)',
    )
    .option('--name <name>', 'account name, used as --account NAME (env CSM_ACCOUNT_NAME)')
    .option('--client-id <id>', 'LWA client identifier (env CSM_LWA_CLIENT_ID)')
    .option(
      '--client-secret <secret>',
      'LWA client secret (env CSM_LWA_CLIENT_SECRET: keeps it out of shell history)',
    )
    .option('--refresh-token <token>', 'refresh token from self-authorization (env CSM_REFRESH_TOKEN)')
    .option('--seller-id <id>', 'the seller id (Merchant Token) (env CSM_SELLER_ID)')
    .option('--vendor', 'a Vendor Central account (env CSM_VENDOR=1)')
    .option('--region <na|eu|fe>', 'where the seller authorized the app (env CSM_REGION, default na)')
    .option('--secret-created <YYYY-MM-DD>', 'the day the client secret was created (env CSM_SECRET_CREATED)')
    .option(
      '--endpoint <url>',
      'one base URL for every region instead of Amazon, e.g. the emulator (env CSM_ENDPOINT; CSM_REGION_ENDPOINTS per region)',
    )
    .option('--sandbox', "Amazon's sandbox instead of production (env CSM_SANDBOX=1)")
    .option(
      '--aws-access-key-id <id>',
      'legacy, optional: IAM user access key id (env CSM_AWS_ACCESS_KEY_ID)',
    )
    .option('--aws-secret-access-key <key>', 'legacy, optional: its secret (env CSM_AWS_SECRET_ACCESS_KEY)')
    .option('--role-arn <arn>', 'legacy, optional: the IAM role ARN (env CSM_ROLE_ARN)')
    .option(
      '--sts-endpoint <url>',
      'where the legacy AWS keys are checked (env CSM_STS_ENDPOINT, default AWS STS)',
    )
    .option('--oauth', "get the refresh token through Amazon's website authorization in a browser")
    .option('--application-id <id>', 'with --oauth: the App ID (env CSM_APPLICATION_ID)')
    .option('--draft', 'with --oauth: the app is a Draft (adds version=beta) (env CSM_DRAFT_APP=1)')
    .option(
      '--redirect-uri <uri>',
      "with --oauth: one of the app's OAuth redirect URIs (env CSM_REDIRECT_URI)",
    )
    .option(
      '--oauth-timeout <seconds>',
      `with --oauth: how long to wait for the browser (env CSM_OAUTH_TIMEOUT, default ${DEFAULT_OAUTH_TIMEOUT_S})`,
    )
    .option('--replace', 'replace a stored account of the same name once the new credentials pass')
    .option('--json', 'print the stored account and the checks as JSON')
    .action(async (flags: ConnectFlags) => {
      const notify = (line: string) => context.stderr.write(`${line}\n`);
      const settings = readSettings(flags, context.env);
      const endpoints = resolveEndpoints(flags, context.env);
      const oauthTimeoutMs = timeoutOf(settings.oauthTimeout);
      if (!flags.nonInteractive && !context.terminal) {
        throw new CliError(
          'csm connect asks its questions in a terminal, and stdin is not one: run it in a terminal, or pass ' +
            '--non-interactive with the values as flags or CSM_* variables (docs/connect.md)',
        );
      }
      let opened: OpenedAccounts;
      try {
        // Opened first: a wrong master key is said before anything is asked.
        opened = await openAccounts({ env: context.env, notify });
      } catch (error) {
        throw accountsCliError(error);
      }
      const stop = context.waitForStop();
      const signal = abortOn(stop.stopped);
      try {
        const authorize = (s: {
          applicationId: string;
          clientId: string;
          clientSecret: string;
          kind: AccountKind;
          region: ConnectRequest['region'];
          draft: boolean;
          redirectUri: string;
          askForRedirect?: (message: string) => Promise<string>;
        }) =>
          authorizeInBrowser({
            ...s,
            endpoint: endpoints.endpoint ?? endpoints.regionEndpoints?.[s.region],
            clock: realClock,
            timeoutMs: oauthTimeoutMs,
            signal,
            notify,
          });
        let request: ConnectRequest;
        if (flags.nonInteractive) {
          request = await nonInteractiveRequest(settings, endpoints, flags, authorize);
        } else {
          const terminal = context.terminal!;
          request = await runWizard(terminal, wizardDefaults(settings, endpoints), {
            now: realClock.now(),
            authorize,
          });
        }
        notify(`csm connect: checking ${request.name} with Amazon (LWA, then getMarketplaceParticipations)…`);
        const result = await connectAccount(opened.accounts, request, {
          clock: realClock,
          notify,
          replace: flags.replace ?? false,
          stsEndpoint: settings.stsEndpoint,
        });
        if (request.kind === 'seller' && !request.sellerId) {
          notify(
            'csm connect: no seller id given: listings calls need it. It is the Merchant Token at Seller Central > ' +
              'Settings > Account Info > Business Information; add it with csm connect --replace --seller-id ID.',
          );
        }
        for (const check of result.checks.filter((c) => c.status === 'warn')) {
          notify(`csm connect: warn ${check.id}: ${check.cause}\n  fix: ${check.fix}`);
        }
        context.stdout.write(
          flags.json
            ? `${JSON.stringify({ account: result.account, checks: result.checks }, null, 2)}\n`
            : describeConnected(result.account, result.checks),
        );
      } catch (error) {
        if (isPromptExit(error)) throw new CliError('stopped: nothing was stored', ExitCode.failed);
        throw accountsCliError(error);
      } finally {
        stop.dispose();
        await opened.close();
      }
    });
}

/** Each setting from its flag, else its variable (empty counts as unset, spaces trimmed). */
function readSettings(flags: ConnectFlags, env: Readonly<Record<string, string | undefined>>): Settings {
  const out: Partial<Record<Setting, string>> = {};
  for (const [key, { variable }] of Object.entries(CONNECT_SETTINGS) as [Setting, { variable: string }][]) {
    const flag = flags[key];
    if (typeof flag === 'string') out[key] = flag.trim();
    else if (flag === true) out[key] = 'true';
    else {
      const value = env[variable]?.trim();
      if (value) out[key] = value;
    }
  }
  return {
    ...out,
    vendor: yes('vendor', out.vendor),
    sandbox: yes('sandbox', out.sandbox),
    draft: yes('draft', out.draft),
  };
}

function yes(setting: 'vendor' | 'sandbox' | 'draft', value: string | undefined): boolean {
  if (value === undefined) return false;
  if (/^(1|true|yes)$/i.test(value)) return true;
  if (/^(0|false|no)$/i.test(value)) return false;
  throw new CliError(
    `${CONNECT_SETTINGS[setting].variable} '${value.slice(0, 20)}' is not 1 or 0 (true or false)`,
  );
}

function timeoutOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_OAUTH_TIMEOUT_S * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) {
    throw new CliError(
      `--oauth-timeout (CSM_OAUTH_TIMEOUT) '${value.slice(0, 20)}' is not a number of seconds from 1 to 3600`,
    );
  }
  return seconds * 1000;
}

/**
 * Where the account's calls go: `--endpoint` (one URL for every region), else `CSM_REGION_ENDPOINTS`
 * (one per region), else `CSM_ENDPOINT`; none for Amazon's hosts. Both variables at once is ambiguous.
 */
function resolveEndpoints(
  flags: ConnectFlags,
  env: Readonly<Record<string, string | undefined>>,
): { endpoint?: string; regionEndpoints?: ConnectRequest['regionEndpoints'] } {
  const single =
    typeof flags.endpoint === 'string' ? { text: flags.endpoint, source: '--endpoint' } : undefined;
  const perRegion = env.CSM_REGION_ENDPOINTS?.trim();
  const fromEnv = env.CSM_ENDPOINT?.trim();
  if (single) return { endpoint: baseUrl(single.text, single.source) };
  if (perRegion && fromEnv) {
    throw new CliError(
      'CSM_ENDPOINT and CSM_REGION_ENDPOINTS are both set: unset one (CSM_ENDPOINT is one URL for every region)',
    );
  }
  if (perRegion) {
    const parsed = parseRegionEndpoints(perRegion);
    if ('problem' in parsed) throw new CliError(`${parsed.problem.problem}. ${parsed.problem.fix}`);
    return { regionEndpoints: parsed.endpoints };
  }
  if (fromEnv) return { endpoint: baseUrl(fromEnv, 'CSM_ENDPOINT') };
  return {};
}

function baseUrl(text: string, source: string): string {
  const parsed = parseBaseUrl(text, source);
  if ('problem' in parsed) throw new CliError(`${parsed.problem.problem}. ${parsed.problem.fix}`);
  return parsed.url;
}

function wizardDefaults(s: Settings, endpoints: ReturnType<typeof resolveEndpoints>): WizardDefaults {
  return {
    name: s.name,
    kind: s.vendor ? 'vendor' : undefined,
    region: s.region === undefined ? undefined : regionOf(s.region),
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    secretCreated: s.secretCreated,
    refreshToken: s.refreshToken,
    applicationId: s.applicationId,
    sellerId: s.sellerId,
    redirectUri: s.redirectUri,
    draft: s.draft,
    endpoint: endpoints.endpoint,
    regionEndpoints: endpoints.regionEndpoints,
    sandbox: s.sandbox,
  };
}

function regionOf(value: string): ConnectRequest['region'] {
  const region = parseRegion(value);
  if (!region)
    throw new CliError(`--region (CSM_REGION) '${value.slice(0, 20)}' is not a region: use na, eu or fe`);
  return region;
}

/** `--non-interactive`: every value from flags or variables; a missing one names both. */
async function nonInteractiveRequest(
  s: Settings,
  endpoints: ReturnType<typeof resolveEndpoints>,
  flags: ConnectFlags,
  authorize: (settings: {
    applicationId: string;
    clientId: string;
    clientSecret: string;
    kind: AccountKind;
    region: ConnectRequest['region'];
    draft: boolean;
    redirectUri: string;
  }) => Promise<{ refreshToken: string; sellerId: string | undefined }>,
): Promise<ConnectRequest> {
  const required: Exclude<Setting, Switch>[] = [
    'name',
    'clientId',
    'clientSecret',
    flags.oauth ? 'applicationId' : 'refreshToken',
  ];
  const missing = required.filter((key) => s[key] === undefined);
  if (missing.length > 0) {
    throw new CliError(
      `csm connect --non-interactive needs ${missing
        .map((key) => `${CONNECT_SETTINGS[key].flag} (or ${CONNECT_SETTINGS[key].variable})`)
        .join(', ')}${flags.oauth ? '' : '; or use --oauth to get the refresh token in a browser'}`,
    );
  }
  const aws = [s.awsAccessKeyId, s.awsSecretAccessKey, s.roleArn];
  if (aws.some((v) => v !== undefined) && !aws.every((v) => v !== undefined)) {
    throw new CliError(
      'the legacy AWS fields go together: give --aws-access-key-id, --aws-secret-access-key and --role-arn ' +
        '(or CSM_AWS_ACCESS_KEY_ID, CSM_AWS_SECRET_ACCESS_KEY, CSM_ROLE_ARN), or none (they are optional)',
    );
  }
  const request: ConnectRequest = {
    name: s.name!,
    kind: s.vendor ? 'vendor' : 'seller',
    region: regionOf(s.region ?? 'na'),
    clientId: s.clientId!,
    clientSecret: s.clientSecret!,
    refreshToken: s.refreshToken ?? '',
    ...(s.secretCreated ? { secretCreated: s.secretCreated } : {}),
    ...(s.applicationId ? { applicationId: s.applicationId } : {}),
    ...(s.sellerId ? { sellerId: s.sellerId } : {}),
    ...endpoints,
    sandbox: s.sandbox,
    ...(s.awsAccessKeyId
      ? {
          aws: { accessKeyId: s.awsAccessKeyId, secretAccessKey: s.awsSecretAccessKey!, roleArn: s.roleArn! },
        }
      : {}),
  };
  if (!flags.oauth) return request;
  // Every value but the token is checked before the browser is involved.
  const early = connectRequestProblems(request, realClock.now()).filter((p) => p.field !== 'refresh token');
  if (early.length > 0) throw formatError(early);
  const redirectUri =
    s.redirectUri ?? (endpoints.endpoint || endpoints.regionEndpoints ? LOOPBACK_REDIRECT : undefined);
  if (!redirectUri) {
    throw new CliError(
      "--oauth needs --redirect-uri (or CSM_REDIRECT_URI): one of the app's OAuth redirect URIs, exactly as " +
        'registered (Develop Apps > Edit App). csm listens on a loopback http:// one; Amazon takes https only, so ' +
        'run csm connect --oauth without --non-interactive to paste the address the browser lands on',
    );
  }
  const authorization = await authorize({
    applicationId: request.applicationId!,
    clientId: request.clientId,
    clientSecret: request.clientSecret,
    kind: request.kind,
    region: request.region,
    draft: s.draft,
    redirectUri,
  });
  return {
    ...request,
    refreshToken: authorization.refreshToken,
    ...(request.sellerId || !authorization.sellerId || request.kind === 'vendor'
      ? {}
      : { sellerId: authorization.sellerId }),
  };
}

function formatError(problems: readonly FormatProblem[]): AccountError {
  return new AccountError(
    'ACCOUNT_INPUT_INVALID',
    problems.map((p) => `${p.problem}. ${p.fix}`).join('\n  '),
    problems,
  );
}

/** Turns the stop request (SIGINT/SIGTERM) into an abort signal for the OAuth wait. */
function abortOn(stopped: Promise<string>): AbortSignal {
  const controller = new AbortController();
  stopped.then(
    (signal) => controller.abort(new Error(signal)),
    () => {},
  );
  return controller.signal;
}

/** @inquirer/prompts' Ctrl-C (or closed input) while a question is open. */
function isPromptExit(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}

/** What was stored, for people. */
function describeConnected(account: Account, checks: readonly CheckResult[]): string {
  const participating = account.marketplaces.filter((m) => m.participating);
  const lines = [
    `connected ${account.name}: ${account.kind}, region ${account.region}` +
      (account.sellerId ? `, seller id ${account.sellerId}` : '') +
      (account.sandbox ? ', sandbox' : '') +
      `, ${participating.length} marketplace${participating.length === 1 ? '' : 's'}`,
    ...participating.map((m) => `  ${m.id.padEnd(15)} ${m.countryCode.padEnd(3)} ${m.name}`),
    ...checks.map((c) => `  ${c.status.padEnd(5)} ${c.id}`),
  ];
  return `${lines.join('\n')}\n`;
}
