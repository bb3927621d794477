import type { IamCaller, IamModel } from '../iam/iam-model.js';
import {
  expectedSignature,
  formatAmzDate,
  parseAmzDate,
  parseAuthorization,
  signaturesMatch,
  type WireRequest,
} from './sigv4.js';
import {
  incompleteSignature,
  invalidClientTokenId,
  STS_MESSAGES,
  StsError,
  signatureDoesNotMatch,
} from './sts-error.js';

/** AWS refuses a signature made more than 15 minutes before or after its own clock. */
const MAX_SKEW_MS = 15 * 60_000;

const header = (request: WireRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Authenticates a SigV4-signed request as AWS does, in AWS's order: a signature at all
 * (MissingAuthenticationToken), a well-formed Authorization header (IncompleteSignature), a known and
 * active access key with its session token (InvalidClientTokenId, ExpiredToken), the service of the
 * scope, the request time within 15 minutes of the clock, and the signature itself (SignatureDoesNotMatch).
 */
export function authenticateSigV4(request: WireRequest, iam: IamModel, now: number): IamCaller {
  const authorization = header(request, 'authorization');
  if (authorization === undefined || authorization.trim() === '') {
    throw new StsError(403, 'MissingAuthenticationToken', STS_MESSAGES.missingToken);
  }
  const auth = parseAuthorization(authorization);
  if (typeof auth === 'string') throw incompleteSignature(auth);

  const caller = iam.caller(auth.accessKeyId);
  if (!caller) throw invalidClientTokenId();
  const token = header(request, 'x-amz-security-token');
  if (caller.kind === 'session') {
    if (token !== caller.session.sessionToken) throw invalidClientTokenId();
    if (caller.session.expiresAt <= now) throw new StsError(403, 'ExpiredToken', STS_MESSAGES.expiredToken);
  } else if (token !== undefined) {
    // Long-term keys carry no session token; one that does not belong to them is an invalid token.
    throw invalidClientTokenId();
  }

  if (auth.service !== 'sts') {
    throw signatureDoesNotMatch(`Credential should be scoped to correct service: 'sts'. `);
  }
  const amzDate = header(request, 'x-amz-date');
  const dateHeader = header(request, 'date');
  const signedAt =
    amzDate !== undefined ? parseAmzDate(amzDate) : dateHeader ? Date.parse(dateHeader) : undefined;
  if (signedAt === undefined || Number.isNaN(signedAt)) {
    throw incompleteSignature(
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${authorization.split(' ')[0]}`,
    );
  }
  const requestDate = amzDate ?? formatAmzDate(signedAt);
  if (auth.scopeDate !== requestDate.slice(0, 8)) {
    throw signatureDoesNotMatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${requestDate.slice(0, 8)}', from '${requestDate}'.`,
    );
  }
  if (signedAt < now - MAX_SKEW_MS) {
    throw signatureDoesNotMatch(
      `Signature expired: ${requestDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
    );
  }
  if (signedAt > now + MAX_SKEW_MS) {
    throw signatureDoesNotMatch(
      `Signature not yet current: ${requestDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
    );
  }
  const secret = caller.kind === 'user' ? caller.secretAccessKey : caller.session.secretAccessKey;
  if (!signaturesMatch(expectedSignature(request, auth, secret, requestDate), auth.signature)) {
    throw signatureDoesNotMatch();
  }
  return caller;
}
