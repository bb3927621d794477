/** One record of a CSV file with the line it starts on (1 is the first line of the file). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

/** A CSV file the parser could not read: where and why. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

/**
 * Parses CSV as RFC 4180 writes it (spreadsheets' export): comma-separated, fields optionally in double
 * quotes with `""` for a quote, quoted fields may hold commas and line breaks, CRLF or LF line ends, a
 * UTF-8 byte-order mark ignored. Blank lines are skipped. Each record keeps the line it starts on, so bad
 * rows are reported by the line an editor shows.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let i = 0;
  while (i < input.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quotedField = false;
    for (;;) {
      const c = input[i];
      if (c === undefined || c === '\n' || (c === '\r' && input[i + 1] === '\n') || c === '\r') {
        fields.push(field);
        if (c === '\r' && input[i + 1] === '\n') i += 2;
        else if (c !== undefined) i += 1;
        line += c === undefined ? 0 : 1;
        break;
      }
      if (c === '"' && field === '' && !quotedField) {
        // A quoted field: read to the closing quote, keeping line breaks.
        i += 1;
        for (;;) {
          const q = input[i];
          if (q === undefined)
            throw new CsvSyntaxError(start, 'a quoted field is not closed (a " is missing)');
          if (q === '"') {
            if (input[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (q === '\n') line += 1;
          field += q;
          i += 1;
        }
        quotedField = true;
        const next = input[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          throw new CsvSyntaxError(
            line,
            'text after a closing quote: quote the whole field, or double the "',
          );
        }
        continue;
      }
      if (c === ',') {
        fields.push(field);
        field = '';
        quotedField = false;
        i += 1;
        continue;
      }
      field += c;
      i += 1;
    }
    if (!(fields.length === 1 && fields[0] === '' && !quotedField)) records.push({ line: start, fields });
  }
  return records;
}
