import { redactText } from '../../index.js';
import type { CliWriter } from './cli-writer.js';

/** Shorter values would blank out ordinary words; every real secret is far longer. */
const MIN_SECRET_LENGTH = 8;
const REDACTED = '[REDACTED]';

/**
 * A writer for messages that blanks out secrets whatever quoted them (a server's echo, an argument pasted
 * in the wrong place): each of `secrets` by value, and anything shaped like a token, a client secret or
 * an e-mail address by the client's patterns (`redactText`).
 */
export function redactingWriter(writer: CliWriter, secrets: readonly string[]): CliWriter {
  const values = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))].sort(
    (a, b) => b.length - a.length,
  );
  return {
    write: (chunk) =>
      writer.write(redactText(values.reduce((text, value) => text.replaceAll(value, REDACTED), chunk))),
    flush: () => writer.flush(),
  };
}
