import type { AccountSource } from './config/account-source.js';
import type { CliWriter } from './output/cli-writer.js';

/** Waiting for the user to stop a long-running command. */
export interface StopRequest {
  /** Resolves with the signal's name (`SIGINT`, `SIGTERM`). */
  readonly stopped: Promise<string>;
  /** Stops listening. */
  dispose(): void;
}

/**
 * Everything a command reads from and writes to the world outside it, injected so tests run commands
 * in-process. No command touches `process` itself.
 */
export interface CliContext {
  /** Data only (JSON, NDJSON, tables), so output can be piped. */
  readonly stdout: CliWriter;
  /** Messages: logs, progress, diagnoses, prompts. */
  readonly stderr: CliWriter;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Starts listening for a stop request (SIGINT, SIGTERM); call it before announcing readiness. */
  waitForStop(): StopRequest;
  /** Input piped to the command (`csm users add --password-stdin`); absent when there is none. */
  readonly stdin?: NodeJS.ReadableStream | undefined;
  /** Whether stderr is a terminal (progress bars), rather than a file or pipe (plain lines). @default false */
  readonly stderrIsTTY?: boolean | undefined;
  /** Stored accounts for `--account`; without it `--account` is refused. */
  readonly accounts?: AccountSource | undefined;
  /**
   * The terminal interactive commands (`csm connect`'s wizard) ask their questions on: keys from `input`,
   * prompts drawn on `output` (stderr). Absent when stdin is not a terminal.
   */
  readonly terminal?:
    | { readonly input: NodeJS.ReadableStream; readonly output: NodeJS.WritableStream }
    | undefined;
}
