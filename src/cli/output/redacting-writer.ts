import type { CliWriter } from './cli-writer.js';

/** Shorter values would blank out ordinary words; every real secret is far longer. */
const MIN_SECRET_LENGTH = 8;

/**
 * A writer that replaces each of `secrets`, by value, with `[redacted]`: the last line of defence for
 * messages, whatever a server echoed back or an error quoted.
 */
export function redactingWriter(writer: CliWriter, secrets: readonly string[]): CliWriter {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  if (values.length === 0) return writer;
  return {
    write: (chunk) =>
      writer.write(values.reduce((text, value) => text.replaceAll(value, '[redacted]'), chunk)),
    flush: () => writer.flush(),
  };
}
