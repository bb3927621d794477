import type { CheckResult } from '../doctor/check-result.js';

/**
 * `csm connect` checked the credentials with Amazon and something failed: nothing was stored. The message
 * lists every failed check with its cause and fix; `checks` has them all.
 */
export class ConnectError extends Error {
  override readonly name = 'ConnectError';
  constructor(readonly checks: readonly CheckResult[]) {
    const failed = checks.filter((c) => c.status === 'fail');
    super(
      `nothing was stored: ${failed.length === 1 ? 'a check' : `${failed.length} checks`} failed\n` +
        failed.map((c) => `  ${c.id}: ${c.cause}\n    fix: ${c.fix}`).join('\n'),
    );
  }
}

/** Matches a `ConnectError` by name too, so two copies of the package in one tree still agree. */
export function isConnectError(error: unknown): error is ConnectError {
  return error instanceof ConnectError || (error instanceof Error && error.name === 'ConnectError');
}
