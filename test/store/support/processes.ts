import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The real `csm` (dist/, built by the test setup) with the given environment added. */
export function spawnCsm(
  args: readonly string[],
  env: Record<string, string>,
): ChildProcessWithoutNullStreams {
  // Any free port for csm serve's HTTP server: test files run at once, each may start one.
  return spawn(process.execPath, ['bin/csm.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, CSM_PORT: '0', ...env },
  });
}

/** A TypeScript script of the tests, run through tsx. */
export function spawnScript(
  script: string,
  args: readonly string[],
  env: Record<string, string>,
): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
}

/** Everything a child wrote, once it exited. */
export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Collects a child's output from now on; resolves when it exits. */
export function finished(child: ChildProcessWithoutNullStreams): Promise<Finished> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
    stdout,
    stderr,
  }));
}

/** Resolves with the first line on `stream` that matches; rejects if the child exits first. */
export function waitForLine(
  child: ChildProcessWithoutNullStreams,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let all = '';
    const onData = (data: Buffer) => {
      buffer += data;
      all += data;
      let nl = buffer.indexOf('\n');
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        if (pattern.test(line)) {
          child[stream].off('data', onData);
          child.off('exit', onExit);
          resolve(line);
          return;
        }
        nl = buffer.indexOf('\n');
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`exited (${code}) before printing ${pattern} on ${stream}; it printed: ${all}`));
    child[stream].on('data', onData);
    child.once('exit', onExit);
  });
}
