import type { CliWriter } from './cli-writer.js';
import { WriteError } from './write-error.js';

/**
 * A `CliWriter` over a Node stream (process.stdout, process.stderr). The first failure sticks: later
 * writes are dropped and every `flush` rejects with it, so a command stops at its next flush.
 * `failure` starts the writer failed, for a stream known to be unusable before anything is written.
 */
export function streamWriter(
  stream: NodeJS.WritableStream,
  name: 'stdout' | 'stderr',
  failure?: Error,
): CliWriter {
  let error: WriteError | undefined = failure ? new WriteError(name, failure) : undefined;
  let last: Promise<void> = Promise.resolve();
  // Without a listener a failed write (EPIPE) is an uncaught 'error' event: a stack trace and exit 1.
  stream.on('error', (cause: Error) => {
    error ??= new WriteError(name, cause);
  });
  return {
    write(chunk) {
      if (error || chunk === '') return;
      // Writes complete in order, so waiting for the last callback waits for all of them.
      last = new Promise((resolve) => {
        stream.write(chunk, (cause) => {
          if (cause) error ??= new WriteError(name, cause);
          resolve();
        });
      });
    },
    async flush() {
      await last;
      if (error) throw error;
    },
  };
}
