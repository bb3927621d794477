import { Command, CommanderError } from 'commander';
import { registerApiCommand } from './commands/api.js';
import { registerEmulatorCommand } from './commands/emulator.js';
import { registerVaultCommand } from './commands/vault.js';
import { type CliContext, CliError, processContext } from './context.js';

/** Builds the `csm` program; each command lives in its own file under ./commands. */
export function buildProgram(context: CliContext = processContext): Command {
  const program = new Command('csm')
    .description('channel-sales-manager: run an Amazon channel through the Selling Partner API')
    .version(process.env.npm_package_version ?? '0.1.0')
    .showHelpAfterError()
    .configureOutput({
      writeOut: (s) => context.stderr.write(s),
      writeErr: (s) => context.stderr.write(s),
    });
  registerEmulatorCommand(program);
  registerApiCommand(program, context);
  registerVaultCommand(program, context);
  return program;
}

/** Runs the CLI and resolves with the process exit code. */
export async function main(argv: readonly string[], context: CliContext = processContext): Promise<number> {
  const program = buildProgram(context).exitOverride();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      context.stderr.write(`csm: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
}
