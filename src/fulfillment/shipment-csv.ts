import type { PackageItem, ShipmentInput } from './shipment-types.js';

/**
 * The columns of `csm ship --file` (docs/writeback.md), as `csm ship --template` prints them. One row per
 * item of a package; rows with the same account, order and tracking number are one package. A row without
 * `order_item_id` ships every unit of the order not yet shipped.
 */
export const SHIPMENT_CSV_COLUMNS = [
  'order_id',
  'order_item_id',
  'quantity',
  'carrier',
  'carrier_name',
  'tracking_number',
  'ship_date',
  'method',
  'account',
] as const;

const REQUIRED = ['order_id', 'carrier', 'tracking_number'] as const;
/** Columns a package's rows must agree on. */
const PACKAGE_COLUMNS = ['carrier', 'carrier_name', 'ship_date', 'method'] as const;

type Column = (typeof SHIPMENT_CSV_COLUMNS)[number];

/** A problem with one line of the file (1 is the header). */
export interface CsvLineError {
  readonly line: number;
  readonly message: string;
}

/** The file as packages, each with the lines it came from. */
export interface ParsedShipmentCsv {
  readonly packages: { readonly input: ShipmentInput; readonly lines: number[] }[];
  /** Lines that could not be read as a row (reported; their package is left out). */
  readonly errors: CsvLineError[];
  /** Data rows read. */
  readonly rows: number;
}

/** The header line `--template` prints. */
export function shipmentCsvTemplate(): string {
  return `${SHIPMENT_CSV_COLUMNS.join(',')}\n`;
}

/**
 * Reads a shipments CSV (RFC 4180: comma-separated, fields in double quotes may hold commas, quotes as
 * `""` and line breaks; a UTF-8 BOM is dropped). Rows become packages; row-level problems (a column
 * missing from the header, an unknown column, a quantity without an item, rows of one package that
 * disagree) are reported by line and their package left out. Field checks against the store come after,
 * in `createShipments`.
 */
export function parseShipmentCsv(text: string): ParsedShipmentCsv {
  const records = readRecords(text.replace(/^\uFEFF/, ''));
  const errors: CsvLineError[] = [];
  const header = records[0];
  if (!header || header.fields.every((f) => f.trim() === '')) {
    return {
      packages: [],
      errors: [{ line: 1, message: 'the file is empty: it needs the header line (csm ship --template)' }],
      rows: 0,
    };
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !(SHIPMENT_CSV_COLUMNS as readonly string[]).includes(n));
  const missing = REQUIRED.filter((r) => !names.includes(r));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [
      ...(unknown.length > 0 ? [`unknown column ${unknown.map((u) => `'${u}'`).join(', ')}`] : []),
      ...(missing.length > 0 ? [`missing column ${missing.join(', ')}`] : []),
    ];
    return {
      packages: [],
      errors: [
        {
          line: header.line,
          message: `${parts.join('; ')}: the header is ${SHIPMENT_CSV_COLUMNS.join(',')} (csm ship --template)`,
        },
      ],
      rows: 0,
    };
  }
  const byPackage = new Map<string, { rows: Record<Column, string>[]; lines: number[]; bad: boolean }>();
  let rows = 0;
  for (const record of records.slice(1)) {
    if (record.fields.length === 1 && record.fields[0]?.trim() === '') continue;
    rows++;
    if (record.fields.length !== names.length) {
      errors.push({
        line: record.line,
        message: `${record.fields.length} fields where the header has ${names.length}`,
      });
      continue;
    }
    const row = Object.fromEntries(SHIPMENT_CSV_COLUMNS.map((c) => [c, ''])) as Record<Column, string>;
    names.forEach((name, i) => {
      row[name as Column] = (record.fields[i] ?? '').trim();
    });
    const key = JSON.stringify([row.account, row.order_id, row.tracking_number]);
    const group = byPackage.get(key) ?? { rows: [], lines: [], bad: false };
    byPackage.set(key, group);
    group.lines.push(record.line);
    const first = group.rows[0];
    const disagree = first ? PACKAGE_COLUMNS.filter((c) => first[c] !== row[c]) : [];
    if (disagree.length > 0) {
      errors.push({
        line: record.line,
        message: `${disagree.join(', ')} differ from line ${group.lines[0]}, which has the same order and tracking number (one package)`,
      });
      group.bad = true;
      continue;
    }
    if (row.order_item_id === '' && row.quantity !== '') {
      errors.push({
        line: record.line,
        message:
          'a quantity without order_item_id: name the item, or leave both empty to ship the whole order',
      });
      group.bad = true;
      continue;
    }
    if (row.order_item_id !== '' && !/^\d+$/.test(row.quantity)) {
      errors.push({
        line: record.line,
        message:
          row.quantity === ''
            ? `item ${row.order_item_id} has no quantity`
            : `quantity '${row.quantity}' is not a whole number`,
      });
      group.bad = true;
      continue;
    }
    if (first && (first.order_item_id === '') !== (row.order_item_id === '')) {
      errors.push({
        line: record.line,
        message: `line ${group.lines[0]} ships ${first.order_item_id === '' ? 'the whole order' : 'named items'} with this tracking number; a package is either`,
      });
      group.bad = true;
      continue;
    }
    group.rows.push(row);
  }
  const packages: ParsedShipmentCsv['packages'] = [];
  for (const group of byPackage.values()) {
    const first = group.rows[0];
    if (group.bad || !first) continue;
    const items: PackageItem[] | undefined =
      first.order_item_id === ''
        ? undefined
        : group.rows.map((r) => ({ orderItemId: r.order_item_id, quantity: Number(r.quantity) }));
    packages.push({
      lines: group.lines,
      input: {
        orderId: first.order_id,
        carrier: first.carrier,
        trackingNumber: first.tracking_number,
        ...(first.account ? { account: first.account } : {}),
        ...(first.carrier_name ? { carrierName: first.carrier_name } : {}),
        ...(first.ship_date ? { shipDate: first.ship_date } : {}),
        ...(first.method ? { method: first.method } : {}),
        ...(items ? { items } : {}),
      },
    });
  }
  return { packages, errors, rows };
}

/** Records of the file with the line each starts on. */
function readRecords(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    fields.push(field);
    out.push({ line: start, fields });
    fields = [];
    field = '';
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
    i++;
  }
  if (field !== '' || fields.length > 0) endRecord();
  return out;
}
