import type { Account } from '../account.js';
import { isAccountError } from '../account-error.js';
import type { AccountRepository } from '../account-repository.js';
import { isVaultError } from '../vault/index.js';
import { type CheckAccountOptions, checkAccount } from './check-account.js';
import { CHECK_IDS, type CheckResult, fail, pass, skip } from './check-result.js';

/** Options of {@link runDoctor}. */
export interface DoctorOptions extends Omit<CheckAccountOptions, 'mode' | 'only'> {
  /** Accounts checked at once (each one's own checks run concurrently too). @default 4 */
  readonly concurrency?: number;
}

/**
 * Checks the named accounts (every stored one by default): first that each one's secrets open, then all
 * of its checks. Results come account by account, each in `CHECKS` order.
 */
export async function runDoctor(
  accounts: AccountRepository,
  names: readonly string[] | undefined,
  options: DoctorOptions,
): Promise<CheckResult[]> {
  const targets = names ? await Promise.all(names.map((n) => accounts.get(n))) : await accounts.list();
  const results: CheckResult[][] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      results[i] = await doctorOne(accounts, targets[i]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, targets.length) }, worker));
  return results.flat();
}

async function doctorOne(
  accounts: AccountRepository,
  account: Account,
  options: DoctorOptions,
): Promise<CheckResult[]> {
  let secrets: Awaited<ReturnType<AccountRepository['secrets']>>;
  try {
    secrets = await accounts.secrets(account);
  } catch (error) {
    // Vault and account messages name the problem and the fix, and never hold a secret.
    if (!isVaultError(error) && !isAccountError(error)) throw error;
    const rest = CHECK_IDS.filter((id) => id !== 'account.secrets').map((id) => ({
      id,
      account: account.name,
      ...skip('the stored secrets did not open (see account.secrets)'),
    }));
    return [
      {
        id: 'account.secrets',
        account: account.name,
        ...fail(
          error.message,
          `csm accounts set-secret ${account.name} client-secret (and refresh-token) stores them again`,
        ),
      },
      ...rest,
    ];
  }
  const { results } = await checkAccount(account, secrets, { ...options, mode: 'doctor' });
  const opened = account.secrets.filter((f) => f !== 'aws_secret_access_key' || account.aws);
  return [
    {
      id: 'account.secrets',
      account: account.name,
      ...pass(`${opened.join(', ')} open with the master key`),
    },
    ...results,
  ];
}
