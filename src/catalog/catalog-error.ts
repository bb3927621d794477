/**
 * Why a stock or price update, or a listings read, was refused before (or instead of) reaching Amazon.
 * `INVALID_INPUT`, `UNKNOWN_ACCOUNT`, `UNKNOWN_MARKETPLACE` and `UNKNOWN_SKU` are the caller's to fix
 * (exit 2 on the command line, 400 over HTTP); nothing was changed at Amazon for any of them.
 */
export type CatalogErrorCode =
  | 'INVALID_INPUT'
  | 'UNKNOWN_ACCOUNT'
  | 'UNKNOWN_MARKETPLACE'
  | 'UNKNOWN_SKU'
  | 'NOT_SUPPORTED';

/** An update or read the catalog refused; the message names the problem and the fix. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    /** The input field at fault (`sku`, `quantity`, `currency`, …), for an HTTP answer's `field`. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Matches by class or by name, so two copies of the package in one tree still agree. */
export function isCatalogError(error: unknown): error is CatalogError {
  return (
    error instanceof CatalogError ||
    (error instanceof Error && error.name === 'CatalogError' && 'code' in error)
  );
}
