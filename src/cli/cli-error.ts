import { ExitCode } from './exit-code.js';

/**
 * An error a command reports as one clear message and an exit status instead of a stack trace. The
 * message names the problem and the fix; by default it is a usage error (exit 2).
 */
export class CliError extends Error {
  override name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.usage,
  ) {
    super(message);
  }
}
