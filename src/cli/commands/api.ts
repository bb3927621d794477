import type { Command } from 'commander';

/** `csm api`: placeholder until the client lands (issue 3). */
export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('call an SP-API operation')
    .action(() => {
      throw new Error('the client is not built yet');
    });
}
