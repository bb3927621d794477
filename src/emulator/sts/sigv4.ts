import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** The parts of `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`. */
export interface SigV4Authorization {
  accessKeyId: string;
  /** `YYYYMMDD` of the credential scope. */
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** A request as it came over the wire, which is what the signature covers. */
export interface WireRequest {
  method: string;
  /** The path as sent, without the query. */
  path: string;
  /** The query string as sent, without `?`. */
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Parses the Authorization header; a string names what is missing, in AWS's IncompleteSignature words.
 * `undefined` when the header is absent or not SigV4 at all.
 */
export function parseAuthorization(header: string): SigV4Authorization | string {
  const [algorithm, ...rest] = header.trim().split(/\s+/);
  if (algorithm !== 'AWS4-HMAC-SHA256') return `Unsupported AWS 'algorithm': '${algorithm ?? ''}'`;
  const fields = new Map<string, string>();
  for (const part of rest.join(' ').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders']
    .filter((f) => !fields.get(f))
    .map((f) => `Authorization header requires '${f}' parameter.`);
  if (missing.length > 0) return `${missing.join(' ')} Authorization=${algorithm}`;
  const scope = fields.get('Credential')!.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !/^\d{8}$/.test(scope[1]!)) {
    return `Authorization header's Credential is malformed; expected ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request`;
  }
  const [accessKeyId, scopeDate, region, service] = scope as [string, string, string, string];
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    signedHeaders: fields.get('SignedHeaders')!.split(';'),
    signature: fields.get('Signature')!,
  };
}

/** RFC 3986 encoding, as SigV4 wants it (unreserved characters only stay as they are). */
const encode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** The path with `.` and `..` resolved and empty segments dropped, each segment encoded once more. */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(encode).join('/')}${trailing}`;
}

function canonicalQuery(query: string): string {
  const pairs = query
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const key = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [encode(safeDecode(key)), encode(safeDecode(value))] as const;
    });
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function canonicalHeaderValue(value: string | string[] | undefined): string {
  const joined = Array.isArray(value) ? value.join(',') : (value ?? '');
  return joined.trim().replace(/\s+/g, ' ');
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: Buffer | string, text: string): Buffer =>
  createHmac('sha256', key).update(text, 'utf8').digest();

/**
 * The canonical request of SigV4 (AWS's "Create a canonical request"). `payloadHash` is the body's SHA-256
 * unless given (S3's presigned URLs sign `UNSIGNED-PAYLOAD`).
 */
export function canonicalRequest(
  request: WireRequest,
  signedHeaders: readonly string[],
  payloadHash = sha256(request.body),
): string {
  const names = signedHeaders.map((h) => h.toLowerCase());
  return [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query),
    names.map((h) => `${h}:${canonicalHeaderValue(request.headers[h])}\n`).join(''),
    names.join(';'),
    payloadHash,
  ].join('\n');
}

/** The signature the request should carry if it was signed with `secretAccessKey` at `amzDate`. */
export function expectedSignature(
  request: WireRequest,
  auth: SigV4Authorization,
  secretAccessKey: string,
  amzDate: string,
): string {
  return signString(
    stringToSign(canonicalRequest(request, auth.signedHeaders), auth, amzDate),
    auth,
    secretAccessKey,
  );
}

/** SigV4's string to sign for a canonical request. */
export function stringToSign(
  canonical: string,
  auth: Pick<SigV4Authorization, 'scopeDate' | 'region' | 'service'>,
  amzDate: string,
): string {
  const scope = `${auth.scopeDate}/${auth.region}/${auth.service}/aws4_request`;
  return ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
}

/** The HMAC chain from `AWS4` + secret over the scope, applied to a string to sign. */
export function signString(
  text: string,
  auth: Pick<SigV4Authorization, 'scopeDate' | 'region' | 'service'>,
  secretAccessKey: string,
): string {
  let key = hmac(`AWS4${secretAccessKey}`, auth.scopeDate);
  key = hmac(key, auth.region);
  key = hmac(key, auth.service);
  key = hmac(key, 'aws4_request');
  return createHmac('sha256', key).update(text, 'utf8').digest('hex');
}

/** Compares signatures in constant time. */
export function signaturesMatch(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `20260601T120000Z` as milliseconds, or undefined when malformed. */
export function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return Number.isNaN(ms) ? undefined : ms;
}

export const formatAmzDate = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
