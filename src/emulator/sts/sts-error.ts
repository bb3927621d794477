/** An STS error answer: HTTP status, AWS's code and message, and who is at fault. */
export class StsError extends Error {
  override name = 'StsError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
  }
}

/** AWS's messages, word for word, in one place. */
export const STS_MESSAGES = {
  missingToken: 'Request is missing Authentication Token',
  invalidToken: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
  signatureMismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  internal: 'The request processing has failed because of an unknown error, exception or failure.',
} as const;

export const invalidClientTokenId = (): StsError =>
  new StsError(403, 'InvalidClientTokenId', STS_MESSAGES.invalidToken);

export const signatureDoesNotMatch = (message: string = STS_MESSAGES.signatureMismatch): StsError =>
  new StsError(403, 'SignatureDoesNotMatch', message);

export const incompleteSignature = (message: string): StsError =>
  new StsError(400, 'IncompleteSignature', message);

export const validationError = (message: string): StsError => new StsError(400, 'ValidationError', message);

export const accessDenied = (message: string): StsError => new StsError(403, 'AccessDenied', message);
