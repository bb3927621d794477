/** One entry of Amazon's `errors[]`. */
interface AmazonErrorEntry {
  code: string;
  message: string;
  details?: string;
}

/**
 * An answer in Amazon's SP-API error shape. Operations and the gateway throw it; the gateway sends it as
 * `{ "errors": [...] }`. Named apart from the client's errors: the emulator is the oracle the client is
 * tested against and shares no code with it.
 */
export class AmazonErrorResponse extends Error {
  override name = 'AmazonErrorResponse';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: string,
  ) {
    super(message);
  }

  get body(): { errors: AmazonErrorEntry[] } {
    const entry: AmazonErrorEntry = { code: this.code, message: this.message };
    if (this.details !== undefined) entry.details = this.details;
    return { errors: [entry] };
  }
}

/** Amazon's messages, in one place so every route says the same thing. */
export const MESSAGES = {
  denied: 'Access to requested resource is denied.',
  tokenMissing: 'Access token is missing in the request header.',
  tokenExpired: 'The access token you provided has expired.',
  tokenInvalid: 'The access token you provided is revoked, malformed or invalid.',
  quota: 'You exceeded your quota for the requested resource.',
  internal: 'We encountered an internal error. Please try again.',
  unavailable: 'Temporary overloading or maintenance of the server.',
  notFound: 'The resource specified does not exist.',
} as const;

export const invalidInput = (message: string, details?: string): AmazonErrorResponse =>
  new AmazonErrorResponse(400, 'InvalidInput', message, details);

export const unauthorized = (details = ''): AmazonErrorResponse =>
  new AmazonErrorResponse(403, 'Unauthorized', MESSAGES.denied, details);

export const quotaExceeded = (): AmazonErrorResponse =>
  new AmazonErrorResponse(429, 'QuotaExceeded', MESSAGES.quota, '');

export const notFound = (details = ''): AmazonErrorResponse =>
  new AmazonErrorResponse(404, 'NotFound', MESSAGES.notFound, details);
