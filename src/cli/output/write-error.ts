/** Output that could not be written: a closed pipe, a full disk, a stdout that was closed. */
export class WriteError extends Error {
  override name = 'WriteError';
  /** The system error code (`EPIPE`, `ENOSPC`, `EBADF`), when there is one. */
  readonly code: string | undefined;

  constructor(
    readonly stream: 'stdout' | 'stderr',
    cause: Error,
  ) {
    const code = (cause as NodeJS.ErrnoException).code;
    super(`cannot write to ${stream}: ${cause.message}`, { cause });
    this.code = typeof code === 'string' ? code : undefined;
  }

  /** The reader went away (`| head`): it has what it wanted, which is not a failure of the command. */
  get readerClosed(): boolean {
    return this.code === 'EPIPE';
  }
}
