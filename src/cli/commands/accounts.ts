import type { Command } from 'commander';
import { inputError } from '../../accounts/account-error.js';
import {
  checkAwsSecretAccessKey,
  checkClientSecret,
  checkRefreshToken,
  type FormatProblem,
} from '../../accounts/credential-format.js';
import { checkAccount } from '../../accounts/doctor/check-account.js';
import type { CheckId } from '../../accounts/doctor/check-result.js';
import {
  type Account,
  checkSecretCreated,
  type OpenedAccounts,
  openAccounts,
  type SecretField,
} from '../../accounts/index.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import { accountsCliError } from '../config/account-source.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/** `set-secret`'s field names, with the vault field, the variable it is read from, and the check it must pass. */
const SECRETS = {
  'client-secret': { field: 'client_secret', variable: 'CSM_LWA_CLIENT_SECRET', check: 'lwa.client' },
  'refresh-token': { field: 'refresh_token', variable: 'CSM_REFRESH_TOKEN', check: 'lwa.refresh-token' },
  'aws-secret-access-key': {
    field: 'aws_secret_access_key',
    variable: 'CSM_AWS_SECRET_ACCESS_KEY',
    check: 'aws.identity',
  },
} as const satisfies Record<string, { field: SecretField; variable: string; check: CheckId }>;

type SecretName = keyof typeof SECRETS;

const FORMAT_CHECKS: Record<SecretField, (value: string) => FormatProblem | undefined> = {
  client_secret: checkClientSecret,
  refresh_token: checkRefreshToken,
  aws_secret_access_key: checkAwsSecretAccessKey,
};

/** An account as `list --json` and `show --json` print it: every field present (null when unset), no secret. */
export function accountJson(account: Account): Record<string, unknown> {
  return {
    name: account.name,
    kind: account.kind,
    region: account.region,
    clientId: account.clientId,
    applicationId: account.applicationId ?? null,
    sellerId: account.sellerId ?? null,
    marketplaces: account.marketplaces,
    endpoint: account.endpoint ?? null,
    regionEndpoints: account.regionEndpoints ?? null,
    sandbox: account.sandbox,
    secretCreated: account.secretCreated ?? null,
    aws: account.aws ?? null,
    secrets: account.secrets,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
  };
}

/** Opens the accounts, runs `fn`, closes them; store, vault and account failures become CLI errors. */
export async function withAccounts<T>(
  context: CliContext,
  fn: (opened: OpenedAccounts) => Promise<T>,
): Promise<T> {
  let opened: OpenedAccounts;
  try {
    opened = await openAccounts({ env: context.env, notify: (line) => context.stderr.write(`${line}\n`) });
  } catch (error) {
    throw accountsCliError(error);
  }
  try {
    return await fn(opened);
  } catch (error) {
    throw accountsCliError(error);
  } finally {
    await opened.close();
  }
}

/** `csm accounts list|show|remove|set-secret`: the stored accounts. `list` and `show` never print a secret. */
export function registerAccountsCommand(program: Command, context: CliContext): void {
  const accounts = program
    .command('accounts')
    .description('stored seller and vendor accounts (csm connect adds them)');

  accounts
    .command('list')
    .description('every stored account, one line each (no secret is ever printed)')
    .option('--json', 'print { "accounts": [...] } as JSON')
    .action((flags: { json?: boolean }) =>
      withAccounts(context, async ({ accounts: repo }) => {
        const all = await repo.list();
        if (flags.json) {
          context.stdout.write(`${JSON.stringify({ accounts: all.map(accountJson) }, null, 2)}\n`);
          return;
        }
        if (all.length === 0) {
          context.stderr.write('csm accounts: no account is stored yet; connect one with csm connect\n');
          return;
        }
        context.stdout.write(table(all));
      }),
    );

  accounts
    .command('show')
    .description('one account in full (which secrets are stored, never their values)')
    .argument('<name>', 'the account')
    .option('--json', 'print the account as JSON')
    .action((name: string, flags: { json?: boolean }) =>
      withAccounts(context, async ({ accounts: repo }) => {
        const account = await repo.get(name);
        context.stdout.write(
          flags.json ? `${JSON.stringify(accountJson(account), null, 2)}\n` : describe(account),
        );
      }),
    );

  accounts
    .command('remove')
    .description('remove an account and its secrets')
    .argument('<name>', 'the account')
    .action((name: string) =>
      withAccounts(context, async ({ accounts: repo }) => {
        await repo.get(name);
        await repo.remove(name);
        context.stdout.write(`removed ${name}\n`);
      }),
    );

  accounts
    .command('set-secret')
    .description(
      'replace a secret (client-secret after a rotation, refresh-token after a new authorization, ' +
        'aws-secret-access-key), read from its CSM_* variable or typed hidden; checked with Amazon before it is stored',
    )
    .argument('<name>', 'the account')
    .argument('[secret]', 'client-secret, refresh-token or aws-secret-access-key', 'client-secret')
    .option('--secret-created <YYYY-MM-DD>', 'with client-secret: the day it was created (default today)')
    .action(async (name: string, secret: string, flags: { secretCreated?: string }) => {
      if (!(secret in SECRETS)) {
        throw new CliError(
          `'${secret.slice(0, 40)}' is not a secret csm stores: use client-secret, refresh-token or aws-secret-access-key`,
        );
      }
      const spec = SECRETS[secret as SecretName];
      if (flags.secretCreated !== undefined && secret !== 'client-secret') {
        throw new CliError('--secret-created goes with client-secret only');
      }
      const now = realClock.now();
      const created = flags.secretCreated?.trim();
      const dayProblem = created === undefined ? undefined : checkSecretCreated(created, now);
      if (dayProblem) throw new CliError(`${dayProblem.problem}. ${dayProblem.fix}`);
      await withAccounts(context, async ({ accounts: repo }) => {
        const account = await repo.get(name);
        if (secret === 'aws-secret-access-key' && !account.aws) {
          throw new CliError(
            `account ${name} has no AWS access key id or role stored (they are optional): connect it again with --aws-access-key-id, --aws-secret-access-key and --role-arn to add them`,
          );
        }
        const value = await readSecret(context, spec.variable, secret);
        // Malformed is said before anything is sent.
        const malformed = inputError([FORMAT_CHECKS[spec.field](value)]);
        if (malformed) throw malformed;
        // Checked with Amazon (or AWS) before it replaces the stored one: a typo never reaches the vault.
        const current = await repo.secrets(account);
        const candidate = {
          clientSecret: spec.field === 'client_secret' ? value : current.clientSecret,
          refreshToken: spec.field === 'refresh_token' ? value : current.refreshToken,
          awsSecretAccessKey: spec.field === 'aws_secret_access_key' ? value : current.awsSecretAccessKey,
        };
        const settings = {
          ...account,
          ...(spec.field === 'client_secret'
            ? { secretCreated: created ?? new Date(now).toISOString().slice(0, 10) }
            : {}),
        };
        const { results } = await checkAccount(settings, candidate, {
          clock: realClock,
          mode: 'doctor',
          only:
            spec.field === 'aws_secret_access_key' ? ['aws.identity'] : ['lwa.client', 'lwa.refresh-token'],
        });
        const failed = results.filter(
          (r) => r.status === 'fail' || (r.id === spec.check && r.status === 'warn'),
        );
        if (failed.length > 0) {
          throw new CliError(
            `nothing was stored: ${failed.map((r) => `${r.id}: ${r.cause}\n  fix: ${r.fix}`).join('\n')}`,
            ExitCode.failed,
          );
        }
        const updated = await repo.setSecret(
          name,
          spec.field,
          value,
          spec.field === 'client_secret' ? { secretCreated: settings.secretCreated } : {},
        );
        context.stdout.write(
          `stored the new ${secret} of ${name}` +
            (spec.field === 'client_secret' ? ` (created ${updated.secretCreated})` : '') +
            '\n',
        );
      });
    });
}

/** The new value: from its variable, else typed hidden in a terminal. */
async function readSecret(context: CliContext, variable: string, secret: string): Promise<string> {
  const fromEnv = context.env[variable]?.trim();
  if (fromEnv) return fromEnv;
  if (!context.terminal) {
    throw new CliError(
      `give the new ${secret} in ${variable} (it is never taken as an argument, which shell history would keep), or run this in a terminal to type it`,
    );
  }
  const { password } = await import('@inquirer/prompts');
  try {
    return (await password({ message: `New ${secret}`, mask: '*' }, context.terminal)).trim();
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') {
      throw new CliError('stopped: nothing was stored', ExitCode.failed);
    }
    throw error;
  }
}

function table(accounts: readonly Account[]): string {
  const rows = [
    ['NAME', 'KIND', 'REGION', 'SELLER ID', 'MARKETPLACES', 'ENDPOINT', 'SECRET CREATED', 'AWS'],
    ...accounts.map((a) => [
      a.name,
      a.kind + (a.sandbox ? ' (sandbox)' : ''),
      a.region,
      a.sellerId ?? '-',
      a.marketplaces
        .filter((m) => m.participating)
        .map((m) => m.countryCode || m.id)
        .join(',') || '-',
      a.endpoint ?? (a.regionEndpoints ? 'per region' : 'amazon'),
      a.secretCreated ?? 'unknown',
      a.aws ? 'yes' : '-',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

function describe(a: Account): string {
  const lines: [string, string][] = [
    ['name', a.name],
    ['kind', a.kind],
    ['region', a.region],
    ['client id', a.clientId],
    ['application id', a.applicationId ?? '-'],
    ['seller id', a.sellerId ?? '- (add it with csm connect --replace --seller-id ID)'],
    [
      'endpoint',
      a.endpoint ??
        (a.regionEndpoints
          ? Object.entries(a.regionEndpoints)
              .map(([r, u]) => `${r}=${u}`)
              .join(',')
          : "Amazon's hosts"),
    ],
    ['sandbox', a.sandbox ? 'yes' : 'no'],
    ['secret created', a.secretCreated ?? 'unknown'],
    ['aws', a.aws ? `${a.aws.accessKeyId}, role ${a.aws.roleArn}` : '- (optional)'],
    ['secrets stored', a.secrets.join(', ')],
    ['connected', a.createdAt.toISOString()],
    ['updated', a.updatedAt.toISOString()],
  ];
  const width = Math.max(...lines.map(([k]) => k.length));
  const marketplaces = a.marketplaces.map(
    (m) =>
      `  ${m.id.padEnd(15)} ${m.countryCode.padEnd(3)} ${m.name}${m.participating ? '' : ' (not participating)'}${m.suspendedListings ? ' (listings suspended)' : ''}`,
  );
  return `${lines.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\nmarketplaces\n${marketplaces.join('\n') || '  -'}\n`;
}
