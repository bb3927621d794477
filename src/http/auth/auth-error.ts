/** A user or token operation refused for a reason the caller can fix (a duplicate name, an unknown account). */
export class AuthInputError extends Error {
  override readonly name = 'AuthInputError';

  constructor(
    message: string,
    /** The input at fault: `name`, `password`, `accounts`, `scope`. */
    readonly field: string,
  ) {
    super(message);
  }
}

export function isAuthInputError(error: unknown): error is AuthInputError {
  return error instanceof AuthInputError || (error instanceof Error && error.name === 'AuthInputError');
}
