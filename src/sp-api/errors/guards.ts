import { CsmApiError } from './csm-api-error.js';
import { LwaError } from './lwa-error.js';
import { SpApiError } from './sp-api-error.js';
import { SpApiUsageError } from './usage-error.js';

// Matching by `name` (and the `kind` every error of the client has) as well as by class: two copies of this
// package in one dependency tree, each with its own classes, still recognise each other's errors.
function named(error: unknown, name: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name: actual, kind } = error as { name?: unknown; kind?: unknown };
  return actual === name && typeof kind === 'string';
}

/** Whether `error` is an {@link SpApiError}: Amazon answered an SP-API call with an error, or not at all. */
export function isSpApiError(error: unknown): error is SpApiError {
  return error instanceof SpApiError || named(error, 'SpApiError');
}

/** Whether `error` is an {@link LwaError}: a Login with Amazon token request failed. */
export function isLwaError(error: unknown): error is LwaError {
  return error instanceof LwaError || named(error, 'LwaError');
}

/** Whether `error` is an {@link SpApiUsageError}: the client refused to send the call. */
export function isSpApiUsageError(error: unknown): error is SpApiUsageError {
  return error instanceof SpApiUsageError || named(error, 'SpApiUsageError');
}

/** Whether `error` is any error of the client (`SpApiError`, `LwaError`, `SpApiUsageError`): it has `kind`. */
export function isCsmApiError(error: unknown): error is CsmApiError {
  return error instanceof CsmApiError || isSpApiError(error) || isLwaError(error) || isSpApiUsageError(error);
}
