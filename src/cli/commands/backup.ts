import { createWriteStream, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { PACKAGE_VERSION } from '../../package-version.js';
import { isBackupError, writeBackup } from '../../store/backup/index.js';
import { isStoreError, openStore, resolveStoreConfig } from '../../store/index.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/**
 * `csm backup FILE`: a consistent copy of the store (every csm table at one instant, secrets still sealed
 * by the vault) in a versioned, checksummed file; `csm restore FILE` puts it back. Works while `csm serve`
 * runs (through its socket on the embedded store). The summary goes to stdout, progress to stderr.
 */
export function registerBackupCommand(program: Command, context: CliContext): void {
  program
    .command('backup')
    .description('write a consistent copy of the store to FILE (secrets stay encrypted; see docs/sync.md)')
    .argument('<file>', 'the backup file to write (refused if it exists, unless --force)')
    .option('--force', 'replace FILE if it exists')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, flags: { force?: boolean; json?: boolean }) => {
      const target = path.resolve(file);
      if (existsSync(target) && !flags.force) {
        throw new CliError(`${file} exists: choose another file name, or add --force to replace it`);
      }
      const notify = (line: string) => context.stderr.write(`${line}\n`);
      const store = await openStore(resolveStoreConfig(context.env), { notify, whenOwned: 'connect' }).catch(
        (error: unknown) => {
          throw isStoreError(error) ? new CliError(error.message, storeExitCode(error.code)) : error;
        },
      );
      // Written aside and renamed into place: FILE is either the old one or a whole new backup.
      const aside = `${target}.${process.pid}.partial`;
      try {
        notify(
          `csm backup: copying the store to ${file} (one snapshot; other commands wait on the embedded store)`,
        );
        const summary = await writeBackup(store.db, createWriteStream(aside, { mode: 0o600 }), {
          producer: `csm/${PACKAGE_VERSION}`,
          backend: store.backend,
          now: new Date(realClock.now()),
          onTable: (table, rows) => notify(`csm backup: ${table}: ${rows} rows`),
        });
        renameSync(aside, target);
        if (flags.json) {
          context.stdout.write(`${JSON.stringify({ file: target, ...summary })}\n`);
        } else {
          context.stdout.write(
            `backup: ${target}: ${summary.tables} tables, ${summary.rows} rows, taken ${summary.createdAt}, ` +
              `sha256 ${summary.sha256}\n`,
          );
        }
      } catch (error) {
        rmSync(aside, { force: true });
        if (isBackupError(error)) throw new CliError(error.message, ExitCode.failed);
        const code = (error as NodeJS.ErrnoException).code;
        if (code)
          throw new CliError(
            `cannot write ${file} (${code}): choose a file in a directory you can write`,
            ExitCode.failed,
          );
        throw error;
      } finally {
        await store.close();
      }
    });
}

// Configuration the user must fix is a usage error (2); a store busy or unreachable is a failure (1).
function storeExitCode(code: string): number {
  return code === 'STORE_LOCKED' || code === 'STORE_UNAVAILABLE' ? ExitCode.failed : ExitCode.usage;
}
