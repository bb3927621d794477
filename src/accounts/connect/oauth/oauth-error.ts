/** Stable codes of the OAuth flow's failures. */
export type OAuthErrorCode =
  /** The redirect URI cannot be used (not a URL, a fragment, a loopback listener that cannot bind). */
  | 'OAUTH_REDIRECT_URI'
  /** No redirect arrived in time. */
  | 'OAUTH_TIMEOUT'
  /** The user stopped the wait (Ctrl-C). */
  | 'OAUTH_STOPPED'
  /** The seller declined, or Amazon redirected with an error. */
  | 'OAUTH_DENIED'
  /** The redirect lacks `spapi_oauth_code`, or its `state` is not this run's. */
  | 'OAUTH_BAD_REDIRECT'
  /** LWA refused to exchange the code. */
  | 'OAUTH_EXCHANGE';

/** A failed website authorization: the message names the cause and the fix, never a code or token. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly code: OAuthErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isOAuthError(error: unknown): error is OAuthError {
  return error instanceof OAuthError || (error instanceof Error && error.name === 'OAuthError');
}
