import { CatalogError } from './catalog-error.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { priceProblem, quantityProblem } from './listing-values.js';
import { skuProblem } from './sku.js';

/** What a bulk file sets. */
export type BulkKind = 'stock' | 'price';

/** The columns of each kind of file, required first; `marketplace_id` is optional in both. */
export const BULK_COLUMNS: Readonly<
  Record<BulkKind, { required: readonly string[]; optional: readonly string[] }>
> = {
  stock: { required: ['sku', 'quantity'], optional: ['marketplace_id'] },
  price: { required: ['sku', 'amount', 'currency'], optional: ['marketplace_id'] },
};

/** The header line `--template` prints. */
export function bulkTemplate(kind: BulkKind): string {
  const { required, optional } = BULK_COLUMNS[kind];
  return [...required, ...optional].join(',');
}

/** A row of a bulk file as written, with its line; the values are checked later, per row. */
export interface BulkRow {
  readonly line: number;
  readonly sku: string;
  /** The row's `marketplace_id`, or undefined for the file's default (`--marketplace`). */
  readonly marketplaceId: string | undefined;
  /** `quantity` for stock; `amount` for prices. */
  readonly value: string;
  /** Prices only. */
  readonly currency: string;
  /** Set when the row has another number of fields than the header. */
  readonly shapeProblem?: string;
}

/** A row refused, by its line, with the reason. */
export interface BadRow {
  readonly line: number;
  readonly sku: string;
  readonly reason: string;
}

/**
 * Reads the rows of a stock or price file. A file that cannot be read as such (not CSV, a missing or
 * unknown column, no rows) is `INVALID_INPUT` naming the fix; rows are returned as written, for
 * `checkRow` to judge one by one.
 */
export function readBulkFile(kind: BulkKind, text: string, fileName: string): BulkRow[] {
  let records: ReturnType<typeof parseCsv>;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      throw new CatalogError('INVALID_INPUT', `${fileName} is not valid CSV: ${error.message}`, 'file');
    }
    throw error;
  }
  const [header, ...rows] = records;
  const { required, optional } = BULK_COLUMNS[kind];
  if (!header) {
    throw new CatalogError(
      'INVALID_INPUT',
      `${fileName} is empty: its first line is the header ${bulkTemplate(kind)} (csm ${kind} set --template)`,
      'file',
    );
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !required.includes(n) && !optional.includes(n));
  const missing = required.filter((n) => !names.includes(n));
  if (unknown.length > 0 || missing.length > 0) {
    throw new CatalogError(
      'INVALID_INPUT',
      `${fileName}: the header (line ${header.line}) ` +
        [
          missing.length > 0 ? `lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
          unknown.length > 0
            ? `has unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}`
            : '',
        ]
          .filter(Boolean)
          .join(' and ') +
        `: the columns are ${bulkTemplate(kind)} (marketplace_id optional; csm ${kind} set --template prints them)`,
      'file',
    );
  }
  if (rows.length === 0) {
    throw new CatalogError('INVALID_INPUT', `${fileName} has a header and no rows: nothing to set`, 'file');
  }
  const column = (fields: string[], name: string) => {
    const index = names.indexOf(name);
    return index < 0 ? undefined : fields[index];
  };
  return rows.map((r) => {
    const marketplace = column(r.fields, 'marketplace_id')?.trim();
    return {
      line: r.line,
      sku: column(r.fields, 'sku') ?? '',
      marketplaceId: marketplace === '' ? undefined : marketplace,
      value: column(r.fields, kind === 'stock' ? 'quantity' : 'amount') ?? '',
      currency: column(r.fields, 'currency') ?? '',
      ...(r.fields.length !== names.length
        ? {
            shapeProblem:
              `the row has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'} and the header ` +
              `${names.length}: quote a value that holds a comma`,
          }
        : {}),
    };
  });
}

/** What is wrong with a row's own values (SKU, quantity or price), or undefined. */
export function rowProblem(kind: BulkKind, row: BulkRow, marketplaceId: string): string | undefined {
  if (row.shapeProblem) return row.shapeProblem;
  const sku = skuProblem(row.sku);
  if (sku) return sku;
  if (kind === 'stock') return quantityProblem(row.value);
  return priceProblem(row.value, row.currency, marketplaceId)?.message;
}
