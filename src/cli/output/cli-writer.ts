/**
 * Where a command writes: stdout for data only, stderr for messages. Writing never throws, so a command
 * can write and carry on; a failure is kept and reported by the next `flush`.
 */
export interface CliWriter {
  /** Queues a chunk for the stream. */
  write(chunk: string): void;
  /**
   * Resolves once everything written so far has reached the operating system (which also waits for a
   * slow reader), or rejects with a `WriteError` when some of it could not be written.
   */
  flush(): Promise<void>;
}
