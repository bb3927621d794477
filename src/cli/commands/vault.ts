import type { Command } from 'commander';
import { isVaultError, rotateVaultKey } from '../../accounts/vault/index.js';
import { isStoreError, openStore, resolveStoreConfig } from '../../store/index.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

/**
 * `csm vault rotate-key`: re-encrypts every stored secret under a new master key in one transaction.
 * Prints the result on stdout (a line, or JSON with `--json`); progress goes to stderr.
 */
export function registerVaultCommand(program: Command, context: CliContext): void {
  const vault = program.command('vault').description('the credential vault (secrets encrypted at rest)');
  vault
    .command('rotate-key')
    .description(
      're-encrypt every stored secret under a new master key, in one transaction (with CSM_MASTER_KEY set, ' +
        'give the new key in CSM_NEW_MASTER_KEY)',
    )
    .option('--json', 'print the result as JSON')
    .action(async (flags: { json?: boolean }) => {
      const notify = (line: string) => context.stderr.write(`${line}\n`);
      try {
        const store = await openStore(resolveStoreConfig(context.env), { notify });
        try {
          const result = await rotateVaultKey({
            db: store.db,
            env: context.env,
            dataDir: store.dataDir,
            notify,
            onProgress: (done, total) => notify(`csm vault: re-encrypted ${done} of ${total} values`),
          });
          if (flags.json) {
            context.stdout.write(`${JSON.stringify(result)}\n`);
          } else {
            context.stdout.write(
              `rotated: ${result.values} values under key ${result.keyId} (was key ${result.previousKeyId})\n`,
            );
          }
          if (result.keySource === 'env') {
            notify(
              'csm vault: the store is now under the key in CSM_NEW_MASTER_KEY: set CSM_MASTER_KEY to it',
            );
          }
        } finally {
          await store.close();
        }
      } catch (error) {
        // Store and vault messages name the problem and the fix, and hold no secret.
        if (isStoreError(error) || isVaultError(error))
          throw new CliError(error.message, exitCodeOf(error.code));
        throw error;
      }
    });
}

// Configuration the user must fix (a malformed or wrong key, a bad URL) is a usage error, exit 2; a store
// that is busy or unreachable, or a damaged value, is a failure, exit 1.
const FAILURES = new Set(['STORE_LOCKED', 'STORE_UNAVAILABLE', 'VAULT_VALUE_INVALID']);

function exitCodeOf(code: string): number {
  return FAILURES.has(code) ? ExitCode.failed : ExitCode.usage;
}
