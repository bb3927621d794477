import { ALL_OPERATIONS } from '../../amazon/index.js';

const COLUMNS = ['OPERATION', 'METHOD', 'PATH', 'RATE', 'BURST', 'GRANTLESS', 'RESTRICTED'] as const;

/** The operation table as aligned text (one operation a line, header first) or as JSON. */
export function listOperations(format: 'text' | 'json'): string {
  const ops = ALL_OPERATIONS;
  if (format === 'json') {
    const rows = ops.map(({ key, method, path, rate, burst, grantless, restricted, deprecated }) => ({
      operation: key,
      method,
      path,
      rate,
      burst,
      grantless,
      restricted,
      deprecated,
    }));
    return `${JSON.stringify(rows, null, 2)}\n`;
  }
  const rows = ops.map((op) => [
    op.key,
    op.method,
    op.path,
    String(op.rate),
    String(op.burst),
    op.grantless ? 'yes' : 'no',
    op.restricted ? 'yes' : 'no',
  ]);
  const table = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, i) => Math.max(...table.map((row) => row[i]?.length ?? 0)));
  const lines = table.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}
