import { runCli } from './main.js';
import { createProcessContext } from './process-context.js';

/** The process entry of `csm` (bin/csm.js): runs the CLI on this process and sets its exit status. */
export async function runProcess(argv: readonly string[] = process.argv): Promise<void> {
  process.exitCode = await runCli(argv, createProcessContext());
}
