import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  type BulkKind,
  type BulkVia,
  bulkTemplate,
  bulkUpdate,
  readBulkFile,
  setPrice,
  setStock,
  type UpdateOutcome,
} from '../../catalog/index.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { type CatalogFlags, table, withCatalog } from './with-catalog.js';

interface SetFlags extends CatalogFlags {
  file?: string;
  skipInvalid?: boolean;
  via?: string;
  template?: boolean;
  json?: boolean;
}

const VIAS: readonly BulkVia[] = ['auto', 'patch', 'feed'];

/**
 * `csm stock set` and `csm price set` (docs/writeback.md): one SKU from the arguments, or every row of a
 * CSV file. Everything is checked before anything is sent; the command waits for Amazon's answer and
 * prints it on stdout (a table, or JSON lines with --json); bad input exits 2 with nothing sent.
 */
export function registerSetCommand(parent: Command, context: CliContext, kind: BulkKind): void {
  const args = kind === 'stock' ? '[sku] [quantity]' : '[sku] [amount] [currency]';
  parent
    .command(`set ${args}`)
    .description(
      kind === 'stock'
        ? "set a SKU's seller-fulfilled stock (or every row of --file) and wait for Amazon's answer"
        : "set a SKU's price in its marketplace's currency (or every row of --file) and wait for Amazon's answer",
    )
    .option('--account <name>', 'a stored seller account (default: the only one)')
    .option('--marketplace <id>', "marketplace id, e.g. ATVPDKIKX0DER (default: the account's only one)")
    .option('--file <csv>', `a CSV file with the header ${bulkTemplate(kind)} (marketplace_id optional)`)
    .option('--skip-invalid', 'with --file: send the valid rows even when some rows are bad')
    .option('--via <path>', 'with --file: auto (by the number of rows), patch or feed', 'auto')
    .option('--template', 'print the CSV header of --file and exit')
    .option('--json', 'one JSON object per update on stdout instead of a table')
    .option('--rate-scale <x>', "the emulator's --rate-scale, for its scaled rate limits (default 1)")
    .action(async (...params: unknown[]) => {
      const positional = params.slice(0, kind === 'stock' ? 2 : 3) as (string | undefined)[];
      const flags = params[kind === 'stock' ? 2 : 3] as SetFlags;
      if (flags.template) {
        context.stdout.write(`${bulkTemplate(kind)}\n`);
        return;
      }
      const via = flags.via?.trim() as BulkVia;
      if (!VIAS.includes(via)) throw new CliError(`--via '${flags.via}' is not one of ${VIAS.join(', ')}`);
      if (flags.file !== undefined) {
        if (positional.some((p) => p !== undefined)) {
          throw new CliError(`give either --file or the ${args} arguments, not both`);
        }
        await runBulk(context, kind, flags, via);
        return;
      }
      if (flags.skipInvalid) throw new CliError('--skip-invalid goes with --file');
      const missing = positional.indexOf(undefined);
      if (missing >= 0) {
        throw new CliError(
          `csm ${kind} set needs ${args.replaceAll(/[[\]]/g, '').toUpperCase()} (or --file CSV): e.g. ` +
            (kind === 'stock' ? 'csm stock set MY-SKU 25' : 'csm price set MY-SKU 19.99 USD'),
        );
      }
      const outcome = await withCatalog(context, `${kind} set`, flags, (ctx) =>
        kind === 'stock'
          ? setStock(ctx, {
              accountName: flags.account,
              marketplaceId: flags.marketplace,
              sku: positional[0]!,
              quantity: positional[1]!,
            })
          : setPrice(ctx, {
              accountName: flags.account,
              marketplaceId: flags.marketplace,
              sku: positional[0]!,
              amount: positional[1]!,
              currency: positional[2]!,
            }),
      );
      printOutcomes(context, [{ outcome }], flags.json === true, false);
      reportIssues(context, kind, [{ outcome }]);
      if (outcome.status !== 'ACCEPTED' && outcome.status !== 'VALID') {
        throw new CliError(
          `Amazon answered ${outcome.status} for ${outcome.sku}: nothing changed; fix what the issues above say and run it again`,
          ExitCode.failed,
        );
      }
    });
}

async function runBulk(context: CliContext, kind: BulkKind, flags: SetFlags, via: BulkVia): Promise<void> {
  const file = flags.file!;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new CliError(`cannot read ${file} (${code}): give the path of a CSV file`);
  }
  const say = (line: string) => context.stderr.write(`csm ${kind} set: ${line}\n`);
  const result = await withCatalog(context, `${kind} set`, flags, async (ctx) => {
    const rows = readBulkFile(kind, text, file);
    return bulkUpdate(ctx, {
      kind,
      rows,
      accountName: flags.account,
      marketplaceId: flags.marketplace,
      skipInvalid: flags.skipInvalid === true,
      via,
      onProgress: say,
    });
  });
  for (const b of result.bad) say(`line ${b.line}: ${b.reason}`);
  if (!result.sent) {
    if (result.bad.length === 0) return;
    const valid = result.valid;
    throw new CliError(
      `${result.bad.length} bad row(s) in ${file}; nothing was sent: fix them` +
        (valid > 0 ? `, or add --skip-invalid to send the other ${valid} row(s)` : ''),
    );
  }
  if (result.bad.length > 0) say(`skipped ${result.bad.length} bad row(s) (--skip-invalid)`);
  printOutcomes(context, result.results, flags.json === true, true);
  reportIssues(context, kind, result.results);
  const failed = result.results.filter(
    (r) => r.error !== undefined || (r.outcome && r.outcome.status !== 'ACCEPTED'),
  );
  say(
    `${result.results.length - failed.length} of ${result.results.length} accepted by Amazon ` +
      `(via ${result.via === 'feed' ? 'JSON_LISTINGS_FEED' : 'patchListingsItem'})`,
  );
  if (failed.length > 0) {
    throw new CliError(
      `${failed.length} row(s) were not accepted (lines ${failed.map((f) => f.line).join(', ')}): see above`,
      ExitCode.failed,
    );
  }
}

interface Printable {
  readonly line?: number;
  readonly sku?: string;
  readonly marketplaceId?: string;
  readonly outcome?: UpdateOutcome;
  readonly error?: string;
}

function printOutcomes(
  context: CliContext,
  rows: readonly Printable[],
  json: boolean,
  withLine: boolean,
): void {
  if (json) {
    for (const r of rows) {
      const line = r.line === undefined ? {} : { line: r.line };
      context.stdout.write(
        `${JSON.stringify(
          r.outcome
            ? { ...line, ...r.outcome }
            : { ...line, sku: r.sku, marketplaceId: r.marketplaceId, status: 'FAILED', error: r.error },
        )}\n`,
      );
    }
    return;
  }
  const headers = ['SKU', 'MARKETPLACE', 'STATUS', 'BEFORE', 'AFTER', 'VIA', 'SUBMISSION'];
  context.stdout.write(
    table(
      withLine ? ['LINE', ...headers] : headers,
      rows.map((r) => {
        const cells = r.outcome
          ? [
              r.outcome.sku,
              r.outcome.marketplaceId,
              r.outcome.status,
              r.outcome.before ?? '',
              r.outcome.after,
              r.outcome.via,
              r.outcome.submissionId ?? '',
            ]
          : [r.sku ?? '', r.marketplaceId ?? '', 'FAILED', '', '', '', ''];
        return withLine ? [String(r.line ?? ''), ...cells] : cells;
      }),
    ),
  );
}

/** Amazon's issues and failures, on stderr, each with its code, the attribute and Amazon's message. */
function reportIssues(context: CliContext, kind: BulkKind, rows: readonly Printable[]): void {
  for (const r of rows) {
    const where = r.line === undefined ? '' : `line ${r.line}: `;
    if (r.error !== undefined) context.stderr.write(`csm ${kind} set: ${where}${r.sku}: ${r.error}\n`);
    for (const issue of r.outcome?.issues ?? []) {
      const attributes = issue.attributeNames.length > 0 ? `, ${issue.attributeNames.join(', ')}` : '';
      context.stderr.write(
        `csm ${kind} set: ${where}${r.outcome?.sku}: ${issue.severity} ${issue.code}${attributes}: ${issue.message}\n`,
      );
    }
  }
}
