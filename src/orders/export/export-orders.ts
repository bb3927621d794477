import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { OrderFilter } from '../repository/order-filter.js';
import type { PiiReader } from '../repository/pii-reader.js';
import { readOrderPages } from '../repository/read-orders.js';
import { CSV_COLUMNS, CSV_PII_COLUMNS, csvHeader, csvLines } from './csv-columns.js';

/** The export formats of `csm orders export`. */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where an export writes: `write` queues a chunk, `drain` waits until the reader took it all. */
export interface ExportSink {
  write(chunk: string): void;
  drain(): Promise<void>;
}

/** What `exportOrders` needs besides the store. */
export interface ExportOptions {
  readonly format: ExportFormat;
  readonly filter: OrderFilter;
  /** Buyer and recipient data is exported only with a reader (`--include-pii`). */
  readonly pii?: PiiReader;
  /** Orders read per page. @default 500 */
  readonly pageSize?: number;
}

/**
 * Writes the orders the filter selects, oldest update first: `ndjson` one Orders 2026-01-01 `Order` per
 * line, `json` one array of them, `csv` a header and one line per order item. Streams: one page of orders
 * is read, written and drained before the next is read, so memory stays bounded whatever the count.
 * Returns the number of orders written.
 */
export async function exportOrders(
  db: Kysely<Database>,
  sink: ExportSink,
  options: ExportOptions,
): Promise<number> {
  const { format } = options;
  const columns = options.pii ? [...CSV_COLUMNS, ...CSV_PII_COLUMNS] : CSV_COLUMNS;
  if (format === 'csv') sink.write(csvHeader(columns));
  if (format === 'json') sink.write('[');
  let count = 0;
  for await (const page of readOrderPages(db, options.filter, {
    ...(options.pii ? { pii: options.pii } : {}),
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
  })) {
    let chunk = '';
    for (const record of page) {
      if (format === 'csv') chunk += csvLines(record, columns);
      else if (format === 'ndjson') chunk += `${JSON.stringify(record.order)}\n`;
      else chunk += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(record.order)}`;
      count++;
    }
    sink.write(chunk);
    await sink.drain();
  }
  if (format === 'json') sink.write(count === 0 ? ']\n' : '\n]\n');
  await sink.drain();
  return count;
}
