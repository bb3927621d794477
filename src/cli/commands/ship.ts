import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type PgBoss from 'pg-boss';
import { isAccountError } from '../../accounts/index.js';
import { isVaultError, openVault } from '../../accounts/vault/index.js';
import {
  accountClients,
  type CreateShipmentsResult,
  checkFields,
  createShipmentQueue,
  createShipments,
  leaseOwnerName,
  listShipments,
  type PackageEvent,
  parseItemsFlag,
  parseShipmentCsv,
  retryShipment,
  SHIPMENT_FEED_THRESHOLD,
  SHIPMENT_STATUSES,
  type ShipmentInput,
  type ShipmentStatus,
  type ShipmentView,
  sendPackages,
  sendPackagesByFeed,
  shipmentCsvTemplate,
  waitForPackages,
} from '../../fulfillment/index.js';
import { isStoreError, openStore, resolveStoreConfig, type Store } from '../../store/index.js';
import { openBoss } from '../../store/jobs/index.js';
import { realClock, type Timer } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

interface ShipFlags {
  carrier?: string;
  carrierName?: string;
  tracking?: string;
  shipDate?: string;
  method?: string;
  items?: string;
  account?: string;
  file?: string;
  skipInvalid?: boolean;
  template?: boolean;
  list?: boolean;
  status?: string;
  retry?: string;
  wait: boolean;
  timeout: string;
  via: string;
  json?: boolean;
}

/** A package is said to be waited for once the wait has lasted this long. */
const ANNOUNCE_AFTER_MS = 5000;

/**
 * `csm ship`: confirms shipments at Amazon (docs/writeback.md). Every package is checked against the stored
 * order and stored first (the outbox), then sent with confirmShipment, one call per package: by `csm
 * serve` when it owns the store, else by this command itself. It waits for Amazon's answers unless
 * `--no-wait`. Bad input exits 2 with nothing stored or sent.
 */
export function registerShipCommand(program: Command, context: CliContext): void {
  program
    .command('ship')
    .description(
      'confirm a shipment (carrier, tracking number) of a seller-fulfilled order at Amazon, or many from a CSV',
    )
    .argument('[order-id]', "Amazon's order id, e.g. 123-1234567-1234567")
    .option('--carrier <code>', "Amazon's carrier code (UPS, USPS, FedEx, DHL, Royal Mail, ...) or Other")
    .option('--carrier-name <name>', "the carrier's name, with --carrier Other")
    .option('--tracking <number>', 'the tracking number')
    .option('--ship-date <date>', 'when the package left: 2026-03-01 or 2026-03-01T14:30:00Z (default: now)')
    .option('--method <name>', 'the shipping method or service, e.g. Ground')
    .option('--items <list>', 'ORDER_ITEM_ID:QTY,... in this package (default: every unit not yet shipped)')
    .option('--account <name>', 'the stored account, when the order id is stored under several')
    .option('--file <path>', 'ship every package of a CSV file (csm ship --template prints its header)')
    .option('--skip-invalid', 'with --file: store and send the valid rows even when others are invalid')
    .option(
      '--via <way>',
      `with --file: api (a confirmShipment per package), feed (POST_ORDER_FULFILLMENT_DATA) or auto (the feed above ${SHIPMENT_FEED_THRESHOLD} packages)`,
      'auto',
    )
    .option('--template', 'print the CSV header of --file on stdout')
    .option('--list', 'list stored shipments (of ORDER_ID, --account, --status), newest first')
    .option('--status <status>', `with --list: ${SHIPMENT_STATUSES.join(', ')}`)
    .option('--retry <id>', 'send the failed packages of a shipment (or package) id again')
    .option('--no-wait', "store and queue, do not wait for Amazon's answer")
    .option('--timeout <seconds>', "how long to wait for Amazon's answers", '120')
    .option('--json', 'print each shipment as one JSON line')
    .action(async (orderId: string | undefined, flags: ShipFlags) => {
      if (flags.template) {
        context.stdout.write(shipmentCsvTemplate());
        return;
      }
      const timeoutMs = Number(flags.timeout) * 1000;
      if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
        throw new CliError(
          `--timeout '${flags.timeout}' is not a positive number of seconds: e.g. --timeout 300`,
        );
      }
      if (flags.list) {
        const status = flags.status?.trim().toLowerCase() as ShipmentStatus | undefined;
        if (status !== undefined && !SHIPMENT_STATUSES.includes(status)) {
          throw new CliError(
            `--status '${flags.status}' is not a shipment status: use ${SHIPMENT_STATUSES.join(', ')}`,
          );
        }
        await withShipStore(context, async (store) => {
          const shipments = await listShipments(store, {
            ...(orderId ? { orderId: orderId.trim() } : {}),
            ...(flags.account ? { account: flags.account.trim() } : {}),
            ...(status ? { status } : {}),
          });
          printShipments(context, shipments, flags.json === true);
        });
        return;
      }
      if (flags.retry !== undefined) {
        await withShipStore(context, async (store) => {
          const retried = await retryShipment(store, flags.retry?.trim() ?? '', { clock: realClock });
          if (!retried)
            throw new CliError(
              `no stored shipment or package has the id ${flags.retry}: see csm ship --list`,
            );
          if (retried.retried.length === 0) {
            context.stderr.write(
              `csm ship: shipment ${retried.shipment.id} has no failed package to send again\n`,
            );
          }
          const ids = retried.shipment.packages.map((p) => p.id);
          await deliver(context, store, ids, flags, timeoutMs, undefined);
        });
        return;
      }
      if (!['auto', 'api', 'feed'].includes(flags.via)) {
        throw new CliError(`--via '${flags.via}' is not a way to send: use auto, api or feed`);
      }
      if (flags.via !== 'auto' && !flags.file) throw new CliError('--via goes with --file');
      const { inputs, lines, source, lineErrors } = await readInputs(orderId, flags);
      const byFeed =
        flags.via === 'feed' ||
        (flags.via === 'auto' && flags.file !== undefined && inputs.length > SHIPMENT_FEED_THRESHOLD);
      if (lineErrors.length > 0 && !flags.skipInvalid) {
        for (const e of lineErrors) context.stderr.write(`csm ship: line ${e.line}: ${e.message}\n`);
        throw new CliError(
          `${lineErrors.length} invalid row${lineErrors.length === 1 ? '' : 's'} in ${flags.file}: nothing was stored or sent; ` +
            'fix them, or add --skip-invalid to send the valid rows',
        );
      }
      for (const e of lineErrors) context.stderr.write(`csm ship: line ${e.line}: ${e.message} (skipped)\n`);
      // Fields that need no store are checked before it is opened (a file's rows are all checked at once,
      // with the store, so every bad row is reported in one run).
      const problems: string[] = [];
      if (!flags.file)
        inputs.forEach((input, index) => {
          checkFields(input, realClock.now(), (_field, message) =>
            problems.push(where(lines, index, message)),
          );
        });
      if (problems.length > 0 && !(flags.skipInvalid && flags.file)) {
        for (const p of problems) context.stderr.write(`csm ship: ${p}\n`);
        throw new CliError(
          problems.length === 1 && !flags.file
            ? (problems[0] ?? 'invalid shipment')
            : `${problems.length} problem${problems.length === 1 ? '' : 's'}: nothing was stored or sent`,
        );
      }
      await withShipStore(context, async (store) => {
        const boss = store.role === 'client' ? await queueOf(store, context) : undefined;
        try {
          const result = await createShipments(
            store,
            {
              shipments: inputs,
              source,
              skipInvalid: flags.skipInvalid === true,
              via: byFeed && store.role !== 'client' ? 'feed' : 'confirmShipment',
            },
            { clock: realClock, ...(boss ? { boss } : {}) },
          );
          const ids = stored(context, result, lines, flags);
          // The same command again: a failed package is sent again (after a look at Amazon's order).
          const failedAgain = result.ok
            ? result.packages.filter((p) => p.existing && p.status === 'failed')
            : [];
          for (const p of failedAgain)
            await retryShipment(store, p.packageId, { clock: realClock, ...(boss ? { boss } : {}) });
          await deliver(context, store, ids, flags, timeoutMs, boss, byFeed);
        } finally {
          await boss?.stop({ graceful: false, close: false });
        }
      });
    });
}

interface Inputs {
  inputs: ShipmentInput[];
  /** The CSV lines of each input (none for the command line). */
  lines: number[][];
  source: 'cli' | 'file';
  lineErrors: { line: number; message: string }[];
}

async function readInputs(orderId: string | undefined, flags: ShipFlags): Promise<Inputs> {
  if (flags.file !== undefined) {
    if (
      orderId !== undefined ||
      flags.tracking !== undefined ||
      flags.carrier !== undefined ||
      flags.items !== undefined
    ) {
      throw new CliError(
        '--file takes every shipment from the file: leave out ORDER_ID, --carrier, --tracking and --items',
      );
    }
    let text: string;
    try {
      text = await readFile(flags.file, 'utf8');
    } catch (error) {
      throw new CliError(
        `cannot read ${flags.file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      );
    }
    const parsed = parseShipmentCsv(text);
    if (parsed.rows === 0 && parsed.errors.length === 0) {
      throw new CliError(`${flags.file} has no rows below its header: nothing to ship`);
    }
    return {
      inputs: parsed.packages.map((p) => p.input),
      lines: parsed.packages.map((p) => p.lines),
      source: 'file',
      lineErrors: parsed.errors,
    };
  }
  if (flags.skipInvalid) throw new CliError('--skip-invalid goes with --file');
  if (orderId === undefined) {
    throw new CliError(
      'name the order: csm ship ORDER_ID --carrier CODE --tracking NUMBER, or csm ship --file shipments.csv',
    );
  }
  if (flags.carrier === undefined)
    throw new CliError(
      "--carrier is needed: one of Amazon's carrier codes (e.g. UPS), or Other with --carrier-name",
    );
  if (flags.tracking === undefined)
    throw new CliError('--tracking is needed: the tracking number of the package');
  const problems: string[] = [];
  const items = flags.items === undefined ? undefined : parseItemsFlag(flags.items, (m) => problems.push(m));
  if (problems.length > 0) throw new CliError(`--items: ${problems.join('; ')}`);
  return {
    inputs: [
      {
        orderId,
        carrier: flags.carrier,
        trackingNumber: flags.tracking,
        ...(flags.carrierName === undefined ? {} : { carrierName: flags.carrierName }),
        ...(flags.shipDate === undefined ? {} : { shipDate: flags.shipDate }),
        ...(flags.method === undefined ? {} : { method: flags.method }),
        ...(flags.account === undefined ? {} : { account: flags.account }),
        ...(items ? { items } : {}),
      },
    ],
    lines: [[]],
    source: 'cli',
    lineErrors: [],
  };
}

function where(lines: number[][], index: number, message: string): string {
  const at = lines[index] ?? [];
  if (at.length === 0) return message;
  return `line${at.length > 1 ? 's' : ''} ${at.join(', ')}: ${message}`;
}

/** Reports what was stored (or why nothing was); returns the package ids to wait for. */
function stored(
  context: CliContext,
  result: CreateShipmentsResult,
  lines: number[][],
  flags: ShipFlags,
): string[] {
  if (!result.ok) {
    for (const e of result.errors) context.stderr.write(`csm ship: ${where(lines, e.index, e.message)}\n`);
    const first = result.errors[0];
    throw new CliError(
      result.errors.length === 1 && !flags.file && first
        ? first.message
        : `${result.errors.length} problem${result.errors.length === 1 ? '' : 's'}: nothing was stored or sent` +
            (flags.file ? '; fix them, or add --skip-invalid to send the valid rows' : ''),
    );
  }
  for (const e of result.invalid)
    context.stderr.write(`csm ship: ${where(lines, e.index, e.message)} (skipped)\n`);
  for (const p of result.packages) {
    if (p.existing) {
      context.stderr.write(
        `csm ship: order ${p.orderId} package ${p.packageReferenceId} was stored before (${p.status}): not stored again\n`,
      );
    }
  }
  return [...new Set(result.packages.map((p) => p.packageId))];
}

/**
 * Sends the packages (this process, unless `csm serve` owns the store and its workers do) and waits for
 * their outcome, at most `timeoutMs`; prints them; fails unless every one is confirmed.
 */
async function deliver(
  context: CliContext,
  store: Store,
  ids: readonly string[],
  flags: ShipFlags,
  timeoutMs: number,
  boss: PgBoss | undefined,
  byFeed = false,
): Promise<void> {
  const clock = realClock;
  if (ids.length === 0) return;
  const servedBy = store.role === 'client' ? 'csm serve' : 'this command';
  if (!flags.wait) {
    print(context, await listShipments(store, { ids: [...ids] }), flags.json === true);
    context.stderr.write(
      store.role === 'client'
        ? 'csm ship: queued; csm serve sends them (csm ship --list shows how they went)\n'
        : 'csm ship: stored, not sent: the next csm serve sends them (or run csm ship again, or csm ship --retry ID)\n',
    );
    return;
  }
  if (byFeed && store.role === 'client') {
    context.stderr.write(
      'csm ship: csm serve owns the store: its workers send these packages one confirmShipment each (the feed path runs in csm ship itself)\n',
    );
  }
  const abort = new AbortController();
  const stop = context.waitForStop();
  void stop.stopped.then((signal) => {
    context.stderr.write(
      `\ncsm ship: ${signal}: stopping; stored packages are sent by csm serve or the next csm ship\n`,
    );
    abort.abort();
  });
  let timedOut = false;
  const deadline: Timer = clock.setTimer(timeoutMs, () => {
    timedOut = true;
    abort.abort();
  });
  const announce: Timer = clock.setTimer(ANNOUNCE_AFTER_MS, () => {
    context.stderr.write(
      `csm ship: waiting for Amazon's answer to ${ids.length} package${ids.length === 1 ? '' : 's'} (sent by ${servedBy}); ` +
        `up to ${Math.round(timeoutMs / 1000)} s in all (--timeout), Ctrl-C leaves them to csm serve\n`,
    );
  });
  try {
    if (boss || store.role === 'client') {
      await waitForPackages(store.db, ids, { clock, signal: abort.signal });
    } else {
      const vault = await openVault({
        db: store.db,
        env: context.env,
        dataDir: store.dataDir,
        notify: (line) => context.stderr.write(`${line}\n`),
      });
      const deps = {
        db: store.db,
        clock,
        clientFor: accountClients(store.db, vault, clock),
        owner: leaseOwnerName(randomBytes(4).toString('hex')),
        onEvent: (event: PackageEvent) => progress(context, event),
      };
      if (byFeed) {
        await sendPackagesByFeed(
          {
            ...deps,
            onWait: (event) =>
              context.stderr.write(
                `csm ship: waiting for Amazon to process the shipment feed: ${event.reason}\n`,
              ),
          },
          ids,
        );
      }
      // What is left (none after a feed, unless retried): one confirmShipment each, retries included.
      await sendPackages(deps, ids, { signal: abort.signal });
    }
  } finally {
    deadline.cancel();
    announce.cancel();
    stop.dispose();
  }
  const shipments = await listShipments(store, { ids: [...ids] });
  print(context, shipments, flags.json === true);
  const packages = shipments.flatMap((s) => s.packages.filter((p) => ids.includes(p.id)));
  const failed = packages.filter((p) => p.status === 'failed');
  const open = packages.filter((p) => p.status === 'pending' || p.status === 'sending');
  for (const s of shipments) {
    for (const p of s.packages) {
      if (ids.includes(p.id) && p.status === 'failed') {
        context.stderr.write(
          `csm ship: order ${s.orderId} package ${p.packageReferenceId} failed: ${p.failureReason ?? ''}\n`,
        );
      }
    }
  }
  if (failed.length > 0) {
    throw new CliError(
      `${failed.length} of ${packages.length} package${packages.length === 1 ? '' : 's'} failed (see above); ` +
        'after fixing the cause, csm ship --retry SHIPMENT_ID sends them again',
      ExitCode.failed,
    );
  }
  if (open.length > 0) {
    throw new CliError(
      `${open.length} package${open.length === 1 ? ' is' : 's are'} not confirmed yet${timedOut ? ` after ${Math.round(timeoutMs / 1000)} s` : ''}: ` +
        (store.role === 'client'
          ? 'csm serve keeps sending them (csm ship --list shows how they went)'
          : 'run the same csm ship again, or csm serve, to go on (nothing is sent twice)'),
      ExitCode.failed,
    );
  }
}

function progress(context: CliContext, event: PackageEvent): void {
  const what = `order ${event.orderId} package ${event.packageReferenceId}`;
  if (event.type === 'reconciling')
    context.stderr.write(`csm ship: ${what}: ${event.message ?? 'reconciling'}\n`);
  if (event.type === 'retry') {
    context.stderr.write(
      `csm ship: ${what}: ${event.message ?? 'not sent'}; trying again at ${event.retryAt ?? '?'}\n`,
    );
  }
}

function print(context: CliContext, shipments: readonly ShipmentView[], json: boolean): void {
  printShipments(context, shipments, json);
}

/** One line per package (tab-separated), or one JSON line per shipment. */
function printShipments(context: CliContext, shipments: readonly ShipmentView[], json: boolean): void {
  if (json) {
    for (const s of shipments) context.stdout.write(`${JSON.stringify(s)}\n`);
    return;
  }
  for (const s of shipments) {
    for (const p of s.packages) {
      context.stdout.write(
        `${[s.orderId, p.packageReferenceId, p.status, p.carrierCode === 'Other' ? (p.carrierName ?? 'Other') : p.carrierCode, p.trackingNumber, s.id].join('\t')}\n`,
      );
    }
  }
}

async function queueOf(store: Store, context: CliContext): Promise<PgBoss> {
  return openBoss(store.db, {
    maintain: false,
    onError: (error) => context.stderr.write(`csm ship: ${error.message}\n`),
    setup: createShipmentQueue,
  });
}

async function withShipStore(context: CliContext, body: (store: Store) => Promise<void>): Promise<void> {
  let store: Store;
  try {
    store = await openStore(resolveStoreConfig(context.env), {
      notify: (line) => context.stderr.write(`${line}\n`),
      whenOwned: 'connect',
    });
  } catch (error) {
    if (isStoreError(error))
      throw new CliError(error.message, error.code === 'STORE_CONFIG' ? ExitCode.usage : ExitCode.failed);
    throw error;
  }
  try {
    await body(store);
  } catch (error) {
    if (isVaultError(error) || isAccountError(error)) throw new CliError(error.message);
    if (isStoreError(error)) throw new CliError(error.message, ExitCode.failed);
    throw error;
  } finally {
    await store.close();
  }
}
