import type { Command } from 'commander';
import { listInventory } from '../../catalog/index.js';
import { type CatalogFlags, table, withCatalog } from '../catalog/with-catalog.js';
import type { CliContext } from '../context.js';

interface InventoryFlags extends CatalogFlags {
  json?: boolean;
}

/**
 * `csm inventory`: FBA stock in a marketplace, every page of getInventorySummaries, one row per FBA SKU
 * (docs/writeback.md).
 */
export function registerInventoryCommand(program: Command, context: CliContext): void {
  program
    .command('inventory')
    .description('FBA inventory: what Amazon holds of each FBA SKU in a marketplace (getInventorySummaries)')
    .option('--account <name>', 'a stored seller account (default: the only one)')
    .option('--marketplace <id>', "marketplace id (default: the account's only one)")
    .option('--json', 'one JSON object per SKU (NDJSON) instead of a table')
    .option('--rate-scale <x>', "the emulator's --rate-scale (default 1)")
    .action(async (flags: InventoryFlags) => {
      await withCatalog(context, 'inventory', flags, async (ctx) => {
        const rows: string[][] = [];
        for await (const row of listInventory(ctx, {
          accountName: flags.account,
          marketplaceId: flags.marketplace,
        })) {
          if (flags.json) context.stdout.write(`${JSON.stringify(row)}\n`);
          else
            rows.push([
              row.sku,
              row.fnSku ?? '',
              row.asin ?? '',
              String(row.fulfillable),
              String(row.inbound),
              String(row.reserved),
              String(row.unfulfillable),
              String(row.researching),
              String(row.totalQuantity),
              row.productName ?? '',
            ]);
        }
        if (!flags.json) {
          context.stdout.write(
            table(
              [
                'SKU',
                'FNSKU',
                'ASIN',
                'FULFILLABLE',
                'INBOUND',
                'RESERVED',
                'UNFULFILLABLE',
                'RESEARCHING',
                'TOTAL',
                'NAME',
              ],
              rows,
            ),
          );
        }
      });
    });
}
