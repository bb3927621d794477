/** Where a command writes and what it reads: injected so tests run commands in-process. */
export interface CliContext {
  /** Data only (JSON, NDJSON, CSV, tokens), so output can be piped. */
  readonly stdout: { write(chunk: string): unknown };
  /** Logs, progress, diagnoses and prompts. */
  readonly stderr: { write(chunk: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const processContext: CliContext = {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
};

/** An error a command reports as one clear message (and exit code) instead of a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
