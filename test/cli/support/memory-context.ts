import type { AccountSource } from '../../../src/cli/config/account-source.js';
import type { CliContext } from '../../../src/cli/context.js';
import { runCli } from '../../../src/cli/main.js';
import type { CliWriter } from '../../../src/cli/output/cli-writer.js';
import { WriteError } from '../../../src/cli/output/write-error.js';

export interface MemoryContextOptions {
  env?: Record<string, string | undefined>;
  accounts?: AccountSource;
  /** The terminal interactive commands ask on (`csm connect`'s wizard). */
  terminal?: CliContext['terminal'];
  /** Makes every stdout write fail with this system error code (`EPIPE`, `ENOSPC`). */
  stdoutFails?: string;
}

/** A context that keeps what a command writes, for running commands in-process. */
export interface MemoryContext {
  readonly context: CliContext;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Delivers a stop request, as SIGINT or SIGTERM would. */
  stop(signal?: string): void;
}

function memoryWriter(name: 'stdout' | 'stderr', failCode?: string): CliWriter & { text: string } {
  const failure = failCode
    ? new WriteError(name, Object.assign(new Error(`write ${failCode}`), { code: failCode }))
    : undefined;
  return {
    text: '',
    write(chunk) {
      if (!failure) this.text += chunk;
    },
    flush: () => (failure ? Promise.reject(failure) : Promise.resolve()),
  };
}

export function memoryContext(options: MemoryContextOptions = {}): MemoryContext {
  const stdout = memoryWriter('stdout', options.stdoutFails);
  const stderr = memoryWriter('stderr');
  const listeners = new Set<(signal: string) => void>();
  const context: CliContext = {
    stdout,
    stderr,
    env: options.env ?? {},
    accounts: options.accounts,
    terminal: options.terminal,
    waitForStop() {
      let listener: (signal: string) => void = () => {};
      const stopped = new Promise<string>((resolve) => {
        listener = resolve;
        listeners.add(listener);
      });
      return { stopped, dispose: () => listeners.delete(listener) };
    },
  };
  return {
    context,
    stdout: () => stdout.text,
    stderr: () => stderr.text,
    stop(signal = 'SIGTERM') {
      for (const listener of listeners) listener(signal);
    },
  };
}

export interface CsmRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `csm ARGS` in-process and collects its exit status and output. */
export async function csm(args: readonly string[], options: MemoryContextOptions = {}): Promise<CsmRun> {
  const memory = memoryContext(options);
  const code = await runCli(['node', 'csm', ...args], memory.context);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}
