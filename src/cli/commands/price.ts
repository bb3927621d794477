import type { Command } from 'commander';
import { registerSetCommand } from '../catalog/set-command.js';
import type { CliContext } from '../context.js';

/** `csm price set`: prices to Amazon's listings (docs/writeback.md). */
export function registerPriceCommand(program: Command, context: CliContext): void {
  const price = program.command('price').description("set prices on Amazon's listings");
  registerSetCommand(price, context, 'price');
}
