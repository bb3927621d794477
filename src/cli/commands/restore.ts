import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { Transaction } from 'kysely';
import { KEY_FILE, readKeyFile } from '../../accounts/vault/key-file.js';
import { keyCheckValue, type MasterKey, parseMasterKey } from '../../accounts/vault/master-key.js';
import { isVaultError } from '../../accounts/vault/vault-error.js';
import { BackupError, isBackupError, restoreBackup } from '../../store/backup/index.js';
import { type Database, isStoreError, MIGRATIONS, openStore, resolveStoreConfig } from '../../store/index.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/**
 * `csm restore FILE`: replaces the store's contents with a backup made by `csm backup`, in one transaction.
 * Anything wrong (not a csm backup, damaged, from a newer csm, secrets under another master key) is a
 * message and a non-zero exit, and the store is left exactly as it was.
 */
export function registerRestoreCommand(program: Command, context: CliContext): void {
  program
    .command('restore')
    .description('replace the store with a backup written by csm backup (all or nothing; see docs/sync.md)')
    .argument('<file>', 'the backup file')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const source = path.resolve(file);
      try {
        if (!statSync(source).isFile())
          throw new CliError(`${file} is not a file: give the file csm backup wrote`);
      } catch (error) {
        if (error instanceof CliError) throw error;
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw new CliError(`cannot read ${file} (${code}): give the path of a file csm backup wrote`);
      }
      const notify = (line: string) => context.stderr.write(`${line}\n`);
      const store = await openStore(resolveStoreConfig(context.env), { notify, whenOwned: 'connect' }).catch(
        (error: unknown) => {
          throw isStoreError(error) ? new CliError(error.message, storeExitCode(error.code)) : error;
        },
      );
      try {
        const summary = await restoreBackup(store.db, createReadStream(source), {
          knownMigrations: MIGRATIONS.map((m) => m.id),
          source: file,
          onWarning: (message) => notify(`csm restore: ${message}`),
          onTable: (table, rows) => notify(`csm restore: ${table}: ${rows} rows`),
          beforeCommit: (trx) => checkMasterKey(trx, context.env, store.dataDir),
        });
        const { header } = summary;
        if (flags.json) {
          context.stdout.write(
            `${JSON.stringify({ file: source, createdAt: header.createdAt, producer: header.producer, rows: summary.rows, rowsByTable: summary.rowsByTable })}\n`,
          );
        } else {
          context.stdout.write(
            `restored: ${source}: ${summary.rows} rows, the store as it was at ${header.createdAt} ` +
              `(${header.producer}, ${header.backend})\n`,
          );
        }
      } catch (error) {
        if (isBackupError(error)) {
          const failed = error.code === 'BACKUP_DAMAGED' || error.code === 'BACKUP_IO';
          throw new CliError(error.message, failed ? ExitCode.failed : ExitCode.usage);
        }
        if (isVaultError(error)) throw new CliError(`${error.message}; the store was not changed`);
        throw error;
      } finally {
        await store.close();
      }
    });
}

/**
 * The restored secrets must open with the master key this store will use (CSM_MASTER_KEY, or the data
 * directory's key file): otherwise every account would be unreadable after the restore.
 */
async function checkMasterKey(
  trx: Transaction<Database>,
  env: Readonly<Record<string, string | undefined>>,
  dataDir: string,
): Promise<void> {
  const current = await trx
    .selectFrom('vault_keys')
    .select(['key_id', 'check_value'])
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!current) return;
  const keyFile = path.join(dataDir, KEY_FILE);
  const fromEnv = env.CSM_MASTER_KEY?.trim();
  const key: MasterKey | undefined = fromEnv
    ? parseMasterKey(fromEnv, 'CSM_MASTER_KEY')
    : readKeyFile(keyFile);
  const where = fromEnv ? 'CSM_MASTER_KEY' : keyFile;
  if (!key) {
    throw new BackupError(
      'BACKUP_KEY',
      `the backup's secrets are sealed under master key ${current.key_id}, and neither CSM_MASTER_KEY nor ` +
        `${keyFile} holds a key: set CSM_MASTER_KEY to that key, or copy master.key from the backed-up data ` +
        'directory into this one; the store was not changed',
    );
  }
  if (key.id !== current.key_id || !keyCheckValue(key).equals(current.check_value)) {
    throw new BackupError(
      'BACKUP_KEY',
      `the backup's secrets are sealed under master key ${current.key_id}, and ${where} holds key ${key.id}: ` +
        'use the master key of the backed-up store (CSM_MASTER_KEY or its master.key); the store was not changed',
    );
  }
}

function storeExitCode(code: string): number {
  return code === 'STORE_LOCKED' || code === 'STORE_UNAVAILABLE' ? ExitCode.failed : ExitCode.usage;
}
