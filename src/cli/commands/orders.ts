import type { Command } from 'commander';
import { isVaultError, openVault } from '../../accounts/vault/index.js';
import {
  accountIdByName,
  ackOrders,
  EXPORT_FORMATS,
  type ExportFormat,
  exportOrders,
  HOLDING_STATUSES,
  KNOWN_STATUSES,
  listOrders,
  type OrderFilter,
  type OrderRecord,
  parseHoldingStatus,
  parseSince,
  parseStatus,
  piiReader,
  readOrder,
  SinceError,
  UnknownAccountError,
  UnknownOrdersError,
} from '../../orders/index.js';
import { isStoreError, openStore, resolveStoreConfig, type Store } from '../../store/index.js';
import type { HoldingStatus } from '../../store/schema.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { registerOrdersCancelCommand } from './orders-cancel.js';

interface FilterFlags {
  account?: string;
  status?: string;
  since?: string;
  holding?: string;
}

/**
 * `csm orders list|show|export|ack`: the stored orders and their hand-off to an ERP (docs/sync.md). Each
 * opens the store with `whenOwned: 'connect'`, so it works while `csm serve` owns it. Flags are checked
 * before the store is opened: bad input changes nothing.
 */
export function registerOrdersCommand(program: Command, context: CliContext): void {
  const orders = program
    .command('orders')
    .description('stored orders: list, show, export to an ERP, acknowledge');

  orders
    .command('list')
    .description('the newest stored orders, last update first (a table, or NDJSON with --json)')
    .option('--account <name>', 'orders of this stored account only')
    .option('--status <status>', `fulfillment status: ${KNOWN_STATUSES.join(', ').toLowerCase()}`)
    .option('--since <date>', 'orders last updated at or after this: 2026-03-01, 2026-03-01T08:00:00Z or 30d')
    .option('--holding <status>', `holding status: ${HOLDING_STATUSES.join(', ')}`)
    .option('--limit <n>', 'at most this many orders', '50')
    .option('--json', 'one JSON object per order (NDJSON) instead of a table')
    .action(async (flags: FilterFlags & { limit: string; json?: boolean }) => {
      const filterFlags = checkFilter(flags);
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1) {
        throw new CliError(`--limit '${flags.limit}' is not a positive whole number: e.g. --limit 100`);
      }
      await withStore(context, async (store) => {
        const rows = await listOrders(store.db, await filter(store, filterFlags), limit);
        if (flags.json) {
          for (const row of rows) context.stdout.write(`${JSON.stringify(row)}\n`);
          return;
        }
        context.stdout.write(
          table(
            ['ORDER ID', 'ACCOUNT', 'STATUS', 'CHANNEL', 'HOLDING', 'UPDATED', 'TOTAL', 'UNITS'],
            rows.map((r) => [
              r.orderId,
              r.account,
              r.status ?? '',
              r.fulfilledBy === 'AMAZON' ? 'FBA' : r.fulfilledBy === 'MERCHANT' ? 'FBM' : '',
              r.holding,
              r.lastUpdatedTime,
              r.total === null ? '' : `${r.total} ${r.currency ?? ''}`.trim(),
              String(r.units),
            ]),
          ),
        );
        if (rows.length === limit)
          context.stderr.write(`csm orders: showing the newest ${limit}; --limit shows more\n`);
      });
    });

  orders
    .command('show')
    .description("one order as JSON: csm's record and the order in Amazon's 2026-01-01 shape")
    .argument('<order-id>', "Amazon's order id, e.g. 123-1234567-1234567")
    .option('--include-pii', 'include buyer and recipient data (decrypted)')
    .action(async (orderId: string, flags: { includePii?: boolean }) => {
      await withStore(context, async (store) => {
        const pii = flags.includePii ? piiReader(store.db, await vaultOf(store, context)) : undefined;
        const records = await readOrder(store.db, orderId.trim(), pii);
        if (records.length === 0) {
          throw new CliError(
            `no stored order has the id ${orderId}: check it (csm orders list), or sync first (csm sync)`,
          );
        }
        for (const record of records)
          context.stdout.write(`${JSON.stringify(showRecord(record), null, 2)}\n`);
      });
    });

  orders
    .command('export')
    .description('stream orders to stdout as csv, json or ndjson (oldest update first), in constant memory')
    .requiredOption('--format <format>', `${EXPORT_FORMATS.join(', ')}`)
    .option('--account <name>', 'orders of this stored account only')
    .option('--status <status>', 'fulfillment status')
    .option('--since <date>', 'orders last updated at or after this: 2026-03-01, 2026-03-01T08:00:00Z or 30d')
    .option('--holding <status>', `holding status: ${HOLDING_STATUSES.join(', ')}`)
    .option('--include-pii', 'include buyer and recipient data (decrypted); otherwise they are left out')
    .action(async (flags: FilterFlags & { format: string; includePii?: boolean }) => {
      const format = flags.format.trim().toLowerCase() as ExportFormat;
      if (!EXPORT_FORMATS.includes(format)) {
        throw new CliError(
          `--format '${flags.format}' is not an export format: use ${EXPORT_FORMATS.join(', ')}`,
        );
      }
      const filterFlags = checkFilter(flags);
      await withStore(context, async (store) => {
        const orderFilter = await filter(store, filterFlags);
        const pii = flags.includePii ? piiReader(store.db, await vaultOf(store, context)) : undefined;
        const count = await exportOrders(
          store.db,
          { write: (chunk) => context.stdout.write(chunk), drain: () => context.stdout.flush() },
          { format, filter: orderFilter, ...(pii ? { pii } : {}) },
        );
        context.stderr.write(`csm orders: exported ${count} order${count === 1 ? '' : 's'}\n`);
      });
    });

  orders
    .command('ack')
    .description('set the holding status of orders (all or none): new, exported, error or complete')
    .argument('<order-id...>', "Amazon's order ids")
    .requiredOption('--status <status>', `${HOLDING_STATUSES.join(', ')}`)
    .option('--note <text>', 'a note kept with the status (an ERP error message, a reference)')
    .option('--account <name>', 'only orders of this stored account')
    .action(async (ids: string[], flags: { status: string; note?: string; account?: string }) => {
      const status = parseHoldingStatus(flags.status);
      if (!status) {
        throw new CliError(
          `--status '${flags.status}' is not a holding status: use ${HOLDING_STATUSES.join(', ')}`,
        );
      }
      const orderIds = ids.map((id) => id.trim()).filter((id) => id !== '');
      if (orderIds.length === 0)
        throw new CliError('name at least one order id: csm orders ack ID... --status S');
      await withStore(context, async (store) => {
        const accountIds =
          flags.account === undefined ? undefined : [await accountIdByName(store.db, flags.account)];
        const done = await ackOrders(store.db, orderIds, status, {
          note: flags.note,
          now: realClock.now(),
          ...(accountIds ? { accountIds } : {}),
        });
        for (const id of done) context.stdout.write(`${id}\t${status}\n`);
      });
    });
  registerOrdersCancelCommand(orders, context);
}

/** The filter flags, checked before anything is opened. */
function checkFilter(flags: FilterFlags): { account?: string; filter: Omit<OrderFilter, 'accountIds'> } {
  const out: {
    account?: string;
    filter: { status?: string; since?: Date; holding?: HoldingStatus };
  } = {
    filter: {},
  };
  if (flags.account !== undefined) {
    if (flags.account.trim() === '') throw new CliError('--account needs the name of a stored account');
    out.account = flags.account.trim();
  }
  if (flags.status !== undefined) {
    const status = parseStatus(flags.status);
    if (!status) {
      throw new CliError(
        `--status '${flags.status}' is not an order status: use ${KNOWN_STATUSES.join(', ').toLowerCase()}`,
      );
    }
    out.filter.status = status;
  }
  if (flags.since !== undefined) {
    try {
      out.filter.since = parseSince(flags.since, realClock.now());
    } catch (error) {
      if (error instanceof SinceError) throw new CliError(error.message);
      throw error;
    }
  }
  if (flags.holding !== undefined) {
    const holding = parseHoldingStatus(flags.holding);
    if (!holding) {
      throw new CliError(
        `--holding '${flags.holding}' is not a holding status: use ${HOLDING_STATUSES.join(', ')}`,
      );
    }
    out.filter.holding = holding;
  }
  return out;
}

async function filter(store: Store, checked: ReturnType<typeof checkFilter>): Promise<OrderFilter> {
  if (checked.account === undefined) return checked.filter;
  return { ...checked.filter, accountIds: [await accountIdByName(store.db, checked.account)] };
}

/** Opens the store (through `csm serve` when it owns it), runs `body`, closes; store errors become messages. */
export async function withStore(context: CliContext, body: (store: Store) => Promise<void>): Promise<void> {
  const notify = (line: string) => context.stderr.write(`${line}\n`);
  let store: Store;
  try {
    store = await openStore(resolveStoreConfig(context.env), { notify, whenOwned: 'connect' });
  } catch (error) {
    if (isStoreError(error))
      throw new CliError(error.message, error.code === 'STORE_CONFIG' ? ExitCode.usage : ExitCode.failed);
    throw error;
  }
  try {
    await body(store);
  } catch (error) {
    if (error instanceof UnknownAccountError || error instanceof UnknownOrdersError)
      throw new CliError(error.message);
    if (isVaultError(error)) throw new CliError(error.message);
    if (isStoreError(error)) throw new CliError(error.message, ExitCode.failed);
    throw error;
  } finally {
    await store.close();
  }
}

async function vaultOf(store: Store, context: CliContext) {
  return openVault({
    db: store.db,
    env: context.env,
    dataDir: store.dataDir,
    notify: (line) => context.stderr.write(`${line}\n`),
  });
}

function showRecord(record: OrderRecord) {
  const row = record.row;
  return {
    account: record.accountName,
    sellerId: record.sellerId,
    api: row.api,
    holding: {
      status: row.holding,
      note: row.holding_note,
      changedAt: row.holding_changed_at?.toISOString() ?? null,
    },
    version: row.version,
    firstSeenAt: row.first_seen_at.toISOString(),
    syncedAt: row.synced_at.toISOString(),
    checkedAt: row.checked_at.toISOString(),
    piiDeletedAt: row.pii_deleted_at?.toISOString() ?? null,
    order: record.order,
  };
}

/** A plain table: columns padded to their widest cell, two spaces apart. */
function table(headers: readonly string[], rows: readonly string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}\n`;
  return line(headers) + rows.map(line).join('');
}
