import { isConnectError } from '../../accounts/connect/connect-error.js';
import { isOAuthError } from '../../accounts/connect/oauth/oauth-error.js';
import {
  accountEndpoint,
  checkAccountName,
  isAccountError,
  type OpenedAccounts,
  openAccounts,
} from '../../accounts/index.js';
import { isVaultError } from '../../accounts/vault/index.js';
import type { Region } from '../../amazon/index.js';
import { isStoreError } from '../../store/index.js';
import { CliError } from '../cli-error.js';
import { ExitCode } from '../exit-code.js';

/** A connected seller or vendor account as the account vault hands it to the CLI. */
export interface StoredAccount {
  readonly name: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Absent for an account that calls grantless operations only. */
  readonly refreshToken?: string | undefined;
  readonly region?: Region | undefined;
  /** The one host its credentials go to, when it is not Amazon (an emulator account). */
  readonly endpoint?: string | undefined;
  readonly sandbox?: boolean | undefined;
}

/** Where `--account NAME` looks accounts up: the store (`storeAccountSource`), or a test's own. */
export interface AccountSource {
  /** The account of this name, or undefined when none is stored. */
  find(name: string): Promise<StoredAccount | undefined>;
}

/**
 * Stored accounts from the store the environment names (`CSM_DATA_DIR` or `CSM_DATABASE_URL`, with the
 * vault's master key): the store is opened for each lookup and closed again, reaching the owner's store
 * through its socket when `csm serve` holds it. Store, vault and account failures become usage errors
 * or failures with their own message (which names the fix and never a secret).
 */
export function storeAccountSource(
  env: Readonly<Record<string, string | undefined>>,
  notify: (line: string) => void,
): AccountSource {
  return {
    async find(name) {
      if (checkAccountName(name)) return undefined;
      let opened: OpenedAccounts;
      try {
        opened = await openAccounts({ env, notify });
      } catch (error) {
        throw accountsCliError(error);
      }
      try {
        const account = await opened.accounts.find(name);
        if (!account) return undefined;
        const secrets = await opened.accounts.secrets(account);
        return {
          name: account.name,
          clientId: account.clientId,
          clientSecret: secrets.clientSecret,
          refreshToken: secrets.refreshToken,
          region: account.region,
          endpoint: accountEndpoint(account),
          sandbox: account.sandbox,
        };
      } catch (error) {
        throw accountsCliError(error);
      } finally {
        await opened.close();
      }
    },
  };
}

// Settings the user must fix (a malformed or wrong key, a bad URL or value, a name) are usage errors,
// exit 2; a store that is busy or unreachable, a damaged value, or a check Amazon failed is exit 1.
const FAILURES = new Set([
  'STORE_LOCKED',
  'STORE_UNAVAILABLE',
  'VAULT_VALUE_INVALID',
  'ACCOUNT_SECRET_MISSING',
  'OAUTH_TIMEOUT',
  'OAUTH_STOPPED',
  'OAUTH_DENIED',
  'OAUTH_BAD_REDIRECT',
  'OAUTH_EXCHANGE',
]);

/**
 * The CLI error of a store, vault, account, connect or OAuth failure: its message as is (each names the
 * problem and the fix and holds no secret), with exit 2 for what the user must set right and 1 for the
 * rest. Anything else is returned unchanged (a bug: reported as an internal error).
 */
export function accountsCliError(error: unknown): unknown {
  if (isConnectError(error)) return new CliError(error.message, ExitCode.failed);
  if (isStoreError(error) || isVaultError(error) || isAccountError(error) || isOAuthError(error)) {
    return new CliError(error.message, FAILURES.has(error.code) ? ExitCode.failed : ExitCode.usage);
  }
  return error;
}
