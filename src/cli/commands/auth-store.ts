import os from 'node:os';
import type { Kysely } from 'kysely';
import { type Database, isStoreError, openStore, resolveStoreConfig, type Store } from '../../store/index.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/** Runs with the store open (through a running `csm serve`'s socket if it owns the embedded store). */
export async function withAuthStore(
  context: CliContext,
  run: (db: Kysely<Database>) => Promise<void>,
): Promise<void> {
  const notify = (line: string) => context.stderr.write(`${line}\n`);
  let store: Store;
  try {
    store = await openStore(resolveStoreConfig(context.env), { notify, whenOwned: 'connect' });
  } catch (error) {
    if (isStoreError(error)) {
      const busy = error.code === 'STORE_LOCKED' || error.code === 'STORE_UNAVAILABLE';
      throw new CliError(error.message, busy ? ExitCode.failed : ExitCode.usage);
    }
    throw error;
  }
  try {
    await run(store.db);
  } finally {
    await store.close();
  }
}

/** The audit log's actor for a command run from the shell. */
export function cliActor(context: CliContext): { kind: 'cli'; name: string } {
  let name = context.env.USER ?? context.env.LOGNAME;
  if (!name) {
    try {
      name = os.userInfo().username;
    } catch {
      name = 'cli';
    }
  }
  return { kind: 'cli', name };
}

/** The first line of stdin (`--password-stdin`), without its line ending. */
export async function readPasswordStdin(context: CliContext): Promise<string> {
  const input = context.stdin;
  if (!input) throw new CliError('--password-stdin: nothing is piped to stdin');
  let text = '';
  for await (const chunk of input) {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    if (text.includes('\n') || text.length > 4096) break;
  }
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line === '')
    throw new CliError('--password-stdin: stdin was empty; pipe the password as its first line');
  return line;
}
