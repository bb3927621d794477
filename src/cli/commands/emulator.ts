import type { Command } from 'commander';

/** `csm emulator`: placeholder until the emulator lands (issue 2). */
export function registerEmulatorCommand(program: Command): void {
  program
    .command('emulator')
    .description('run the offline SP-API emulator')
    .action(() => {
      throw new Error('the emulator is not built yet');
    });
}
