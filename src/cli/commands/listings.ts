import type { Command } from 'commander';
import { listListings, MAX_PAGEABLE_LISTINGS, showListing } from '../../catalog/index.js';
import { type CatalogFlags, table, withCatalog } from '../catalog/with-catalog.js';
import type { CliContext } from '../context.js';

interface ListFlags extends CatalogFlags {
  json?: boolean;
}

/**
 * `csm listings list|show`: the seller's listings as Amazon has them now (searchListingsItems, every page;
 * getListingsItem for one SKU), read live, nothing stored (docs/writeback.md).
 */
export function registerListingsCommand(program: Command, context: CliContext): void {
  const listings = program.command('listings').description("the seller's listings at Amazon: list, show");

  listings
    .command('list')
    .description('every listing of an account in a marketplace (a table, or NDJSON with --json)')
    .option('--account <name>', 'a stored seller account (default: the only one)')
    .option('--marketplace <id>', "marketplace id (default: the account's only one)")
    .option('--json', 'one JSON object per listing (NDJSON) instead of a table')
    .option('--rate-scale <x>', "the emulator's --rate-scale (default 1)")
    .action(async (flags: ListFlags) => {
      await withCatalog(context, 'listings list', flags, async (ctx) => {
        const rows: string[][] = [];
        let count = 0;
        for await (const listing of listListings(ctx, {
          accountName: flags.account,
          marketplaceId: flags.marketplace,
          onTotal: (total) => {
            context.stderr.write(`csm listings list: ${total} listing(s)\n`);
            if (total > MAX_PAGEABLE_LISTINGS) {
              context.stderr.write(
                `csm listings list: Amazon pages through the first ${MAX_PAGEABLE_LISTINGS} only; the ` +
                  'All Listings Report (GET_MERCHANT_LISTINGS_ALL_DATA) has every one\n',
              );
            }
          },
        })) {
          count += 1;
          // NDJSON is written as it comes; a table needs every row for its widths.
          if (flags.json) context.stdout.write(`${JSON.stringify(listing)}\n`);
          else
            rows.push([
              listing.sku,
              listing.asin ?? '',
              listing.fulfillmentChannels.join(',') || '',
              listing.quantity === undefined ? '' : String(listing.quantity),
              listing.price ? `${listing.price.amount} ${listing.price.currency}` : '',
              listing.status.join(','),
              listing.itemName ?? '',
            ]);
        }
        if (!flags.json) {
          context.stdout.write(
            table(['SKU', 'ASIN', 'CHANNEL', 'QUANTITY', 'PRICE', 'STATUS', 'NAME'], rows),
          );
        }
        return count;
      });
    });

  listings
    .command('show <sku>')
    .description("one listing as Amazon has it: getListingsItem's item as JSON")
    .option('--account <name>', 'a stored seller account (default: the only one)')
    .option('--marketplace <id>', "marketplace id (default: the account's only one)")
    .option('--rate-scale <x>', "the emulator's --rate-scale (default 1)")
    .action(async (sku: string, flags: CatalogFlags) => {
      const shown = await withCatalog(context, 'listings show', flags, (ctx) =>
        showListing(ctx, { accountName: flags.account, marketplaceId: flags.marketplace, sku }),
      );
      context.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    });
}
