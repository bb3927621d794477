import { type OpenedAccounts, openAccounts } from '../../accounts/index.js';
import { type CatalogContext, describeFailure, isCatalogError } from '../../catalog/index.js';
import { isCsmApiError } from '../../sp-api/index.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import { accountsCliError } from '../config/account-source.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/** Options every catalog command takes. */
export interface CatalogFlags {
  account?: string;
  marketplace?: string;
  rateScale?: string;
}

/**
 * Opens the store's accounts (reaching a running `csm serve`'s store through its socket), runs `fn` with a
 * catalog context, and closes the store. Errors become one message and an exit
 * status: the caller's input (an unknown SKU, account or marketplace, a bad value) exits 2; Amazon's
 * refusal exits 1 with what Amazon said, the cause and the fix.
 */
export async function withCatalog<T>(
  context: CliContext,
  command: string,
  flags: CatalogFlags,
  fn: (ctx: CatalogContext) => Promise<T>,
): Promise<T> {
  const rateScale = parseRateScale(flags.rateScale);
  let opened: OpenedAccounts;
  try {
    opened = await openAccounts({ env: context.env, notify: (line) => context.stderr.write(`${line}\n`) });
  } catch (error) {
    throw accountsCliError(error);
  }
  const ctx: CatalogContext = {
    accounts: opened.accounts,
    clock: realClock,
    // The client's own buckets, in memory: the Listings, Feeds and FBA Inventory operations are not used by
    // csm serve's syncs, and the store's shared buckets cost a transaction per call and per recheck, which
    // on the embedded store made 1,000 updates take half again as long as Amazon's limits allow (measured:
    // docs/writeback.md). Two commands patching one seller at once may meet a 429: Amazon refuses it before
    // processing, and the client waits and sends it again.
    client: rateScale === undefined ? {} : { rateLimit: { rateScale } },
    notify: (line) => context.stderr.write(`csm ${command}: ${line}\n`),
  };
  try {
    return await fn(ctx);
  } catch (error) {
    throw catalogCliError(error);
  } finally {
    await opened.close();
  }
}

/** The CLI error of a catalog, client, store or account failure; anything else unchanged (a bug). */
export function catalogCliError(error: unknown): unknown {
  if (error instanceof CliError) return error;
  if (isCatalogError(error)) return new CliError(error.message, ExitCode.usage);
  if (isCsmApiError(error)) {
    return new CliError(describeFailure(error), error.kind === 'usage' ? ExitCode.usage : ExitCode.failed);
  }
  return accountsCliError(error);
}

function parseRateScale(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const scale = Number(value);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new CliError(
      `--rate-scale '${value}' is not a positive number: give the emulator's --rate-scale (default 1)`,
    );
  }
  return scale;
}

/** Columns padded to their widest cell, two spaces apart, the last one unpadded. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')}\n`;
  return line(headers) + rows.map(line).join('');
}
