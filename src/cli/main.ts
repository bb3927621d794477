import { Command, CommanderError } from 'commander';
import { PACKAGE_VERSION } from '../package-version.js';
import { CliError } from './cli-error.js';
import { registerAccountsCommand } from './commands/accounts.js';
import { registerApiCommand } from './commands/api.js';
import { registerBackupCommand } from './commands/backup.js';
import { registerConnectCommand } from './commands/connect.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDoctorCommand } from './commands/doctor.js';
import { registerEmulatorCommand } from './commands/emulator.js';
import { registerIamPolicyCommand } from './commands/iam-policy.js';
import { registerInventoryCommand } from './commands/inventory.js';
import { registerListingsCommand } from './commands/listings.js';
import { registerOrdersCommand } from './commands/orders.js';
import { registerPriceCommand } from './commands/price.js';
import { registerRestoreCommand } from './commands/restore.js';
import { registerScheduleCommand } from './commands/schedule.js';
import { registerServeCommand } from './commands/serve.js';
import { registerShipCommand } from './commands/ship.js';
import { registerStockCommand } from './commands/stock.js';
import { registerSyncCommand } from './commands/sync.js';
import { registerTokensCommand } from './commands/tokens.js';
import { registerUsersCommand } from './commands/users.js';
import { registerVaultCommand } from './commands/vault.js';
import { registerWebhooksCommand } from './commands/webhooks.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-code.js';
import { redactingWriter } from './output/redacting-writer.js';
import { WriteError } from './output/write-error.js';

/** Environment variables whose values never appear in csm's messages, whatever quotes them. */
const SECRET_VARIABLES = ['CSM_LWA_CLIENT_SECRET', 'CSM_REFRESH_TOKEN', 'CSM_AWS_SECRET_ACCESS_KEY'] as const;

/**
 * Builds the `csm` program over a context; each command lives in its own file under ./commands.
 * Commander's own errors (unknown option, missing argument) come back as a `CommanderError` instead
 * of ending the process, and its help and version go to the context's stdout.
 */
export function buildCli(context: CliContext): Command {
  // Settings made before .command() are inherited by every command.
  const program = new Command('csm')
    .description('channel-sales-manager: run an Amazon channel through the Selling Partner API')
    .version(PACKAGE_VERSION)
    .exitOverride()
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (text) => context.stdout.write(text),
      writeErr: (text) => context.stderr.write(text),
      outputError: (text, write) => write(`csm: ${text.replace(/^error: /, '')}`),
    });
  registerEmulatorCommand(program, context);
  registerApiCommand(program, context);
  registerVaultCommand(program, context);
  registerConnectCommand(program, context);
  registerAccountsCommand(program, context);
  registerDoctorCommand(program, context);
  registerIamPolicyCommand(program, context);
  registerSyncCommand(program, context);
  registerOrdersCommand(program, context);
  registerBackupCommand(program, context);
  registerRestoreCommand(program, context);
  registerScheduleCommand(program, context);
  registerServeCommand(program, context);
  registerDemoCommand(program, context);
  registerUsersCommand(program, context);
  registerTokensCommand(program, context);
  registerShipCommand(program, context);
  registerStockCommand(program, context);
  registerPriceCommand(program, context);
  registerListingsCommand(program, context);
  registerInventoryCommand(program, context);
  registerWebhooksCommand(program, context);
  return program;
}

/**
 * Runs `csm` with process-style arguments (`['node', 'csm', ...]`) and resolves with the exit status:
 * every failure is a message on stderr and a status from ExitCode, never a stack trace.
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  const secrets = SECRET_VARIABLES.flatMap((name) => context.env[name]?.trim() || []);
  const safe: CliContext = { ...context, stderr: redactingWriter(context.stderr, secrets) };
  let code: number;
  try {
    await buildCli(safe).parseAsync([...argv]);
    code = ExitCode.ok;
  } catch (error) {
    code = report(error, safe);
  }
  // Success includes the data reaching stdout (help and version too): a failed write turns it into a failure.
  if (code === ExitCode.ok)
    code = await safe.stdout.flush().then(
      () => code,
      (error) => report(error, safe),
    );
  // Messages are best effort: with stderr gone there is nowhere left to say so.
  await safe.stderr.flush().catch(() => {});
  return code;
}

/** Says what failed, on stderr, and picks the exit status. */
function report(error: unknown, context: CliContext): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help, or the version).
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof WriteError) {
    if (error.stream === 'stdout' && error.readerClosed) return ExitCode.ok;
    context.stderr.write(
      `csm: ${error.message}; the output is incomplete: ` +
        'check the disk or the file stdout goes to (redirect to /dev/null to discard it on purpose)\n',
    );
    return ExitCode.failed;
  }
  if (error instanceof CliError) {
    context.stderr.write(`csm: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.stderr.write(`csm: internal error (please report it): ${message}\n`);
  return ExitCode.internal;
}
