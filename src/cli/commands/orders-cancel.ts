import type { Command } from 'commander';
import { isAccountError } from '../../accounts/index.js';
import { isVaultError, openVault } from '../../accounts/vault/index.js';
import { accountClients, CANCEL_REASONS, CancelError, cancelOrder } from '../../fulfillment/index.js';
import { isCsmApiError } from '../../sp-api/errors/guards.js';
import { isStoreError, openStore, resolveStoreConfig, type Store } from '../../store/index.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/**
 * `csm orders cancel ORDER_ID --reason REASON`: cancels a whole unshipped seller-fulfilled order at Amazon
 * with the order acknowledgement feed (docs/writeback.md#cancellation), waiting for Amazon's processing
 * report. Cases Amazon offers no way for are refused plainly (exit 2), before anything is sent.
 */
export function registerOrdersCancelCommand(orders: Command, context: CliContext): void {
  orders
    .command('cancel')
    .description('cancel a whole unshipped seller-fulfilled order at Amazon (order acknowledgement feed)')
    .argument('<order-id>', "Amazon's order id")
    .requiredOption('--reason <reason>', `why: ${CANCEL_REASONS.join(', ')}`)
    .option('--account <name>', 'the stored account, when the order id is stored under several')
    .option('--items <ids>', 'some items only: not supported by Amazon (refused, with why)')
    .option('--json', 'print the outcome as one JSON line')
    .action(
      async (
        orderId: string,
        flags: { reason: string; account?: string; items?: string; json?: boolean },
      ) => {
        let store: Store;
        try {
          store = await openStore(resolveStoreConfig(context.env), {
            notify: (line) => context.stderr.write(`${line}\n`),
            whenOwned: 'connect',
          });
        } catch (error) {
          if (isStoreError(error))
            throw new CliError(
              error.message,
              error.code === 'STORE_CONFIG' ? ExitCode.usage : ExitCode.failed,
            );
          throw error;
        }
        try {
          const vault = await openVault({
            db: store.db,
            env: context.env,
            dataDir: store.dataDir,
            notify: (line) => context.stderr.write(`${line}\n`),
          });
          const cancelled = await cancelOrder(
            {
              db: store.db,
              clock: realClock,
              clientFor: accountClients(store.db, vault, realClock),
              onWait: (event) =>
                context.stderr.write(
                  `csm orders cancel: waiting for Amazon to process the cancellation: ${event.reason}\n`,
                ),
            },
            {
              orderId,
              reason: flags.reason,
              account: flags.account,
              ...(flags.items === undefined
                ? {}
                : { items: flags.items.split(',').filter((s) => s.trim() !== '') }),
            },
          );
          context.stdout.write(
            flags.json
              ? `${JSON.stringify({ ...cancelled, status: 'cancelled' })}\n`
              : `${cancelled.orderId}\tcancelled\t${cancelled.reason}\t${cancelled.feedId}\n`,
          );
        } catch (error) {
          if (error instanceof CancelError) {
            throw new CliError(error.message, error.code === 'REFUSED' ? ExitCode.failed : ExitCode.usage);
          }
          if (isVaultError(error) || isAccountError(error)) throw new CliError(error.message);
          if (isCsmApiError(error)) throw new CliError(error.message, ExitCode.failed);
          if (isStoreError(error)) throw new CliError(error.message, ExitCode.failed);
          throw error;
        } finally {
          await store.close();
        }
      },
    );
}
