/** The exit statuses of `csm`, as docs/cli.md lists them. */
export const ExitCode = {
  /** Success; also a reader that closed the pipe early (`csm api … | head`). */
  ok: 0,
  /** The command ran and failed: Amazon refused the call, or its output could not be written. */
  failed: 1,
  /** Bad usage or configuration: an unknown flag or operation, a missing credential, malformed JSON. */
  usage: 2,
  /** A bug in csm: an error no command expected (sysexits' EX_SOFTWARE). */
  internal: 70,
} as const;
