import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import type { EmulatorCredentials } from '../../../src/emulator/index.js';
import { spawnCsm, waitForLine } from '../../store/support/processes.js';

/** `csm emulator` in a process of its own, as Amazon is another machine: its event loop is not ours. */
export interface EmulatorProcess {
  readonly url: string;
  readonly credentials: EmulatorCredentials;
  /** GET or POST on the `/_emulator` controls. */
  control<T>(method: 'GET' | 'POST' | 'DELETE' | 'PUT', path: string, body?: unknown): Promise<T>;
  /** Every 429 answered so far, all operations together. */
  throttled(): Promise<number>;
  close(): Promise<void>;
}

export async function startEmulatorProcess(flags: readonly string[]): Promise<EmulatorProcess> {
  const child: ChildProcessWithoutNullStreams = spawnCsm(['emulator', ...flags], {});
  const line = await waitForLine(child, 'stdout', /listening on /);
  const url = line.slice(line.indexOf('http'));
  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}/_emulator${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (response.status === 204 ? undefined : await response.json()) as T;
  };
  const credentials = await control<EmulatorCredentials>('GET', '/credentials');
  return {
    url,
    credentials,
    control,
    async throttled() {
      const stats = await control<{ operations: Record<string, { throttled: number }> }>('GET', '/stats');
      return Object.values(stats.operations).reduce((n, s) => n + s.throttled, 0);
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
