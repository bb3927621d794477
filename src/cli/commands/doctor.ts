import type { Command } from 'commander';
import type { CheckResult } from '../../accounts/doctor/check-result.js';
import { runDoctor } from '../../accounts/doctor/run-doctor.js';
import { parseBaseUrl } from '../../accounts/index.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { withAccounts } from './accounts.js';

/**
 * `csm doctor [--account NAME] [--json]`: checks every stored account (or one) with Amazon and prints each
 * check as pass, warn, fail or skip with its cause and fix (docs/doctor.md). Exit 0 when nothing fails,
 * 1 when something does.
 */
export function registerDoctorCommand(program: Command, context: CliContext): void {
  program
    .command('doctor')
    .description(
      'check stored accounts with Amazon: credentials, region, roles, PII access, secret age, clock',
    )
    .option('--account <name>', 'check this account only')
    .option('--json', 'print { "checks": [ { "id", "account", "status", "cause", "fix" } ] }')
    .option(
      '--sts-endpoint <url>',
      'where the legacy AWS keys are checked (env CSM_STS_ENDPOINT, default AWS STS)',
    )
    .action(async (flags: { account?: string; json?: boolean; stsEndpoint?: string }) => {
      const stsText = flags.stsEndpoint ?? context.env.CSM_STS_ENDPOINT?.trim();
      const stsEndpoint = stsText
        ? stsUrl(stsText, flags.stsEndpoint ? '--sts-endpoint' : 'CSM_STS_ENDPOINT')
        : undefined;
      const notify = (line: string) => context.stderr.write(`${line}\n`);
      const checks = await withAccounts(context, async ({ accounts }) => {
        const names = flags.account === undefined ? undefined : [flags.account];
        if (!names && (await accounts.list()).length === 0) {
          throw new CliError('no account is stored: connect one with csm connect (docs/connect.md)');
        }
        notify('csm doctor: asking LWA for fresh tokens and checking with Amazon…');
        return runDoctor(accounts, names, { clock: realClock, notify, stsEndpoint });
      });
      context.stdout.write(flags.json ? `${JSON.stringify({ checks }, null, 2)}\n` : describe(checks));
      const failed = checks.filter((c) => c.status === 'fail').length;
      if (failed > 0) {
        throw new CliError(`doctor: ${failed} check${failed === 1 ? '' : 's'} failed`, ExitCode.failed);
      }
    });
}

/** An STS endpoint may have a path (the emulator serves STS at /sts), unlike SP-API base URLs. */
function stsUrl(text: string, source: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(
      `${source} '${text.slice(0, 80)}' is not a URL: pass e.g. https://sts.us-east-1.amazonaws.com`,
    );
  }
  const origin = parseBaseUrl(url.origin, source);
  if ('problem' in origin || url.username || url.password) {
    throw new CliError(`${source} must be an http(s) URL without a user name or password`);
  }
  return url.href.replace(/\/$/, '');
}

const STATUS_WIDTH = 5;

/** The checks for people: one block per account, cause and fix under each fail and warn. */
function describe(checks: readonly CheckResult[]): string {
  const idWidth = Math.max(...checks.map((c) => c.id.length));
  const indent = ' '.repeat(2 + STATUS_WIDTH + 1 + idWidth + 2);
  const out: string[] = [];
  let account: string | undefined;
  for (const check of checks) {
    if (check.account !== account) {
      if (account !== undefined) out.push('');
      account = check.account;
      out.push(account);
    }
    out.push(`  ${check.status.padEnd(STATUS_WIDTH)} ${check.id.padEnd(idWidth)}  ${check.cause}`);
    if (check.fix && check.status !== 'pass') out.push(`${indent}fix: ${check.fix}`);
  }
  const count = (s: CheckResult['status']) => checks.filter((c) => c.status === s).length;
  out.push('', `${count('pass')} pass, ${count('warn')} warn, ${count('fail')} fail, ${count('skip')} skip`);
  return `${out.join('\n')}\n`;
}
