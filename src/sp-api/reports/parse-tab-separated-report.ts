import type { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';

/** Options of {@link parseTabSeparatedReport}. */
export interface TabSeparatedOptions {
  /**
   * The text encoding. Amazon writes some marketplaces' reports in a legacy charset (`Cp1252` in Europe,
   * `Shift_JIS` in Japan) and says so in the document's `Content-Type`.
   * @default the charset of `stream.contentType` when there is one, else UTF-8
   */
  encoding?: string;
}

function charsetOf(contentType: unknown): string | undefined {
  if (typeof contentType !== 'string') return undefined;
  return /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
}

function decoderFor(encoding: string | undefined): TextDecoder {
  try {
    return new TextDecoder(encoding ?? 'utf-8');
  } catch {
    // A label TextDecoder does not know (Amazon writes Java names such as `Cp1252`, which it does know).
    return new TextDecoder('utf-8');
  }
}

/**
 * Reads a tab-separated report (Amazon's flat-file reports: a header row, then one row per line) as it
 * streams in, yielding each row as `{ column: value }` keyed by the header. Memory holds one line at a
 * time. A row with fewer fields than the header gets `''` for the missing ones; blank lines are skipped.
 */
export async function* parseTabSeparatedReport(
  content:
    | (Readable & { contentType?: string | undefined })
    | AsyncIterable<Uint8Array | string>
    | Iterable<Uint8Array | string>,
  options: TabSeparatedOptions = {},
): AsyncGenerator<Record<string, string>> {
  const decoder = decoderFor(
    options.encoding ?? charsetOf((content as { contentType?: unknown }).contentType),
  );
  let header: string[] | undefined;
  let pending = '';
  const row = (line: string): Record<string, string> | undefined => {
    const clean = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (clean === '') return undefined;
    const fields = clean.split('\t');
    if (!header) {
      header = fields.map((name, index) => (index === 0 ? name.replace(/^\uFEFF/, '') : name));
      return undefined;
    }
    const record: Record<string, string> = {};
    header.forEach((name, index) => {
      record[name] = fields[index] ?? '';
    });
    return record;
  };
  for await (const chunk of content) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const record = row(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      if (record) yield record;
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.decode();
  const last = row(pending);
  if (last) yield last;
}
