import type { FormatProblem } from './credential-format.js';

/** Stable codes of the accounts module's errors: callers branch on `code`, never on the message. */
export type AccountErrorCode =
  /** A name that is empty, too long or has characters other than letters, digits, `.`, `_` and `-`. */
  | 'ACCOUNT_NAME_INVALID'
  /** An account of that name is stored already. */
  | 'ACCOUNT_EXISTS'
  /** No account of that name is stored. */
  | 'ACCOUNT_NOT_FOUND'
  /** A value given for an account is malformed (`problems` names each field); nothing was sent or stored. */
  | 'ACCOUNT_INPUT_INVALID'
  /** A secret the account needs is not in the vault. */
  | 'ACCOUNT_SECRET_MISSING';

/** An accounts failure whose message names the problem and the fix, and never holds a secret. */
export class AccountError extends Error {
  override readonly name = 'AccountError';
  constructor(
    readonly code: AccountErrorCode,
    message: string,
    /** With `ACCOUNT_INPUT_INVALID`: every malformed field, with its problem and fix. */
    readonly problems: readonly FormatProblem[] = [],
  ) {
    super(message);
  }
}

/** Matches an `AccountError` by name too, so two copies of the package in one tree still agree. */
export function isAccountError(error: unknown): error is AccountError {
  return error instanceof AccountError || (error instanceof Error && error.name === 'AccountError');
}

/** One error naming every malformed field, or nothing when `problems` is empty. */
export function inputError(problems: readonly (FormatProblem | undefined)[]): AccountError | undefined {
  const found = problems.filter((p): p is FormatProblem => p !== undefined);
  if (found.length === 0) return undefined;
  const lines = found.map((p) => `${p.problem}. ${p.fix}`);
  return new AccountError(
    'ACCOUNT_INPUT_INVALID',
    found.length === 1 ? lines[0]! : `${found.length} values are malformed:\n  - ${lines.join('\n  - ')}`,
    found,
  );
}
