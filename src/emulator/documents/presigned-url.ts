import type { IncomingHttpHeaders } from 'node:http';
import {
  canonicalRequest,
  formatAmzDate,
  parseAmzDate,
  signaturesMatch,
  signString,
  stringToSign,
} from '../sts/sigv4.js';

/** What Amazon's presigned S3 URLs allow: 5 minutes (the models' `url` descriptions). */
export const URL_LIFETIME_SECONDS = 300;

const SCOPE = { region: 'us-east-1', service: 's3' } as const;

/** The bucket owner's key that signs the document URLs, as Amazon's S3 bucket does for feeds and reports. */
export interface SigningKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A URL to sign: the method it allows, the path, and whether the `Content-Type` header is signed. */
interface UrlSpec {
  method: 'PUT' | 'GET';
  path: string;
  /** The Host header the client will send (the host of the emulator's URL). */
  host: string;
  /** For an upload URL: the declared content type, which the PUT must carry byte for byte. */
  contentType?: string;
  /** Extra signed query parameters (`response-content-encoding`). */
  extra?: Record<string, string>;
}

/** Query parameters of a presigned URL, signature last, in the order S3 writes them. */
export function presign(spec: UrlSpec, key: SigningKey, nowMs: number): string {
  const amzDate = formatAmzDate(nowMs);
  const scopeDate = amzDate.slice(0, 8);
  const signed = spec.contentType === undefined ? ['host'] : ['content-type', 'host'];
  const params = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${key.accessKeyId}/${scopeDate}/${SCOPE.region}/${SCOPE.service}/aws4_request`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': String(URL_LIFETIME_SECONDS),
    'X-Amz-SignedHeaders': signed.join(';'),
    ...spec.extra,
  });
  const headers: IncomingHttpHeaders = { host: spec.host };
  if (spec.contentType !== undefined) headers['content-type'] = spec.contentType;
  const canonical = canonicalRequest(
    { method: spec.method, path: spec.path, query: params.toString(), headers, body: '' },
    signed,
    'UNSIGNED-PAYLOAD',
  );
  const auth = { scopeDate, ...SCOPE };
  params.set(
    'X-Amz-Signature',
    signString(stringToSign(canonical, auth, amzDate), auth, key.secretAccessKey),
  );
  return params.toString();
}

/** A request that came to a presigned URL. */
export interface PresignedRequest {
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  headers: IncomingHttpHeaders;
}

/** Why S3 refuses a presigned request, with what its XML error shows. */
export type PresignedRefusal =
  | { code: 'AccessDenied'; message: string }
  | { code: 'Expired'; expiresMs: number }
  | {
      code: 'SignatureDoesNotMatch';
      accessKeyId: string;
      stringToSign: string;
      canonicalRequest: string;
      signatureProvided: string;
    };

/**
 * Checks a request against its presigned query as S3 does: the signature covers the method, the path,
 * the `X-Amz-*` parameters and the signed headers, so a PUT with another `Content-Type` than the one the URL
 * was made for, a GET on an upload URL or an edited query gets `SignatureDoesNotMatch`; after
 * `X-Amz-Expires` seconds the URL is refused as expired.
 */
export function verifyPresigned(
  request: PresignedRequest,
  key: SigningKey,
  nowMs: number,
): PresignedRefusal | undefined {
  const params = new URLSearchParams(request.query);
  const credential = params.get('X-Amz-Credential')?.split('/') ?? [];
  const amzDate = params.get('X-Amz-Date') ?? '';
  const dateMs = parseAmzDate(amzDate);
  const expires = Number(params.get('X-Amz-Expires'));
  const signature = params.get('X-Amz-Signature');
  const signedHeaders = params.get('X-Amz-SignedHeaders')?.split(';') ?? [];
  if (
    params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256' ||
    credential.length !== 5 ||
    dateMs === undefined ||
    !Number.isInteger(expires) ||
    !signature ||
    signedHeaders.length === 0
  ) {
    return { code: 'AccessDenied', message: 'Access Denied' };
  }
  if (nowMs > dateMs + expires * 1000) return { code: 'Expired', expiresMs: dateMs + expires * 1000 };
  const [accessKeyId = '', scopeDate = '', region = '', service = ''] = credential;
  const unsignedQuery = request.query
    .split('&')
    .filter((p) => !p.startsWith('X-Amz-Signature='))
    .join('&');
  const canonical = canonicalRequest(
    { method: request.method, path: request.path, query: unsignedQuery, headers: request.headers, body: '' },
    signedHeaders,
    'UNSIGNED-PAYLOAD',
  );
  const auth = { scopeDate, region, service };
  const toSign = stringToSign(canonical, auth, amzDate);
  const expected = accessKeyId === key.accessKeyId ? signString(toSign, auth, key.secretAccessKey) : '';
  if (expected !== '' && signaturesMatch(expected, signature)) return undefined;
  return {
    code: 'SignatureDoesNotMatch',
    accessKeyId,
    stringToSign: toSign,
    canonicalRequest: canonical,
    signatureProvided: signature,
  };
}
