import { openStore, resolveStoreConfig, type Store } from '../store/index.js';
import { AccountRepository } from './account-repository.js';
import { openVault, type Vault } from './vault/index.js';

/** What `openAccounts` needs. */
export interface OpenAccountsOptions {
  /** Read for `CSM_DATA_DIR`, `CSM_DATABASE_URL` and `CSM_MASTER_KEY`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where one-off notices go (a database or key file created). @default stderr */
  readonly notify?: (line: string) => void;
  /**
   * When another csm process owns the embedded store: reach it through its socket (the default, so
   * `csm accounts` works while `csm serve` runs), or refuse.
   * @default 'connect'
   */
  readonly whenOwned?: 'refuse' | 'connect';
}

/** The accounts of an open store, and the store and vault behind them. */
export interface OpenedAccounts {
  readonly accounts: AccountRepository;
  readonly store: Store;
  readonly vault: Vault;
  close(): Promise<void>;
}

/**
 * Opens the store the environment names, then the vault with its master key (a wrong key fails here,
 * before any value is opened), and returns the accounts over both. Close it when done: an embedded
 * store stays locked while it is open.
 */
export async function openAccounts(options: OpenAccountsOptions): Promise<OpenedAccounts> {
  const notify = options.notify ?? ((line: string) => process.stderr.write(`${line}\n`));
  const store = await openStore(resolveStoreConfig(options.env), {
    notify,
    whenOwned: options.whenOwned ?? 'connect',
  });
  try {
    const vault = await openVault({ db: store.db, env: options.env, dataDir: store.dataDir, notify });
    return { accounts: new AccountRepository(store.db, vault), store, vault, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
