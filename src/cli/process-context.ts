import { storeAccountSource } from './config/account-source.js';
import type { CliContext, StopRequest } from './context.js';
import { stdoutWasClosed } from './output/stdout-was-closed.js';
import { streamWriter } from './output/stream-writer.js';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** The context of the real process: its stdout and stderr, its environment, its signals. */
export function createProcessContext(): CliContext {
  const closed = stdoutWasClosed()
    ? Object.assign(new Error('it was closed when csm started'), { code: 'EBADF' })
    : undefined;
  const stderr = streamWriter(process.stderr, 'stderr');
  return {
    stdout: streamWriter(process.stdout, 'stdout', closed),
    stderr,
    env: process.env,
    accounts: storeAccountSource(process.env, (line) => stderr.write(`${line}\n`)),
    stdin: process.stdin,
    terminal: process.stdin.isTTY ? { input: process.stdin, output: process.stderr } : undefined,
    stderrIsTTY: process.stderr.isTTY === true,
    waitForStop(): StopRequest {
      let onSignal: (signal: NodeJS.Signals) => void = () => {};
      const stopped = new Promise<string>((resolve) => {
        onSignal = resolve;
      });
      for (const signal of STOP_SIGNALS) process.once(signal, onSignal);
      return {
        stopped,
        dispose: () => {
          for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
        },
      };
    },
  };
}
