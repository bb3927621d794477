import type { Command } from 'commander';
import { registerSetCommand } from '../catalog/set-command.js';
import type { CliContext } from '../context.js';

/** `csm stock set`: seller-fulfilled stock to Amazon's listings (docs/writeback.md). */
export function registerStockCommand(program: Command, context: CliContext): void {
  const stock = program.command('stock').description("set seller-fulfilled stock on Amazon's listings");
  registerSetCommand(stock, context, 'stock');
}
