import type { PresignedRefusal } from './presigned-url.js';

/** Text for an XML element: the five characters XML reserves, escaped. */
export function xmlText(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

const bytes = (text: string): string =>
  [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** An S3 error answer: status and Amazon S3's XML body `<Error><Code>…</Code><Message>…</Message>…</Error>`. */
export interface S3Error {
  status: number;
  body: string;
}

function errorXml(fields: readonly (readonly [string, string])[]): string {
  const inner = fields.map(([name, value]) => `<${name}>${xmlText(value)}</${name}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${inner}</Error>`;
}

/** S3's answer to a refused presigned request, as AWS writes it (RequestId and HostId last). */
export function s3Refusal(
  refusal: PresignedRefusal,
  requestId: string,
  hostId: string,
  nowMs: number,
): S3Error {
  const tail = [
    ['RequestId', requestId],
    ['HostId', hostId],
  ] as const;
  switch (refusal.code) {
    case 'AccessDenied':
      return {
        status: 403,
        body: errorXml([['Code', 'AccessDenied'], ['Message', refusal.message], ...tail]),
      };
    case 'Expired':
      return {
        status: 403,
        body: errorXml([
          ['Code', 'AccessDenied'],
          ['Message', 'Request has expired'],
          ['X-Amz-Expires', '300'],
          ['Expires', new Date(refusal.expiresMs).toISOString().replace('.000Z', 'Z')],
          ['ServerTime', new Date(nowMs).toISOString().replace('.000Z', 'Z')],
          ...tail,
        ]),
      };
    case 'SignatureDoesNotMatch':
      return {
        status: 403,
        body: errorXml([
          ['Code', 'SignatureDoesNotMatch'],
          [
            'Message',
            'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
          ],
          ['AWSAccessKeyId', refusal.accessKeyId],
          ['StringToSign', refusal.stringToSign],
          ['SignatureProvided', refusal.signatureProvided],
          ['StringToSignBytes', bytes(refusal.stringToSign)],
          ['CanonicalRequest', refusal.canonicalRequest],
          ['CanonicalRequestBytes', bytes(refusal.canonicalRequest)],
          ...tail,
        ]),
      };
  }
}

/** S3's 404 for a key that is not (or no longer) in the bucket. */
export function noSuchKey(key: string, requestId: string, hostId: string): S3Error {
  return {
    status: 404,
    body: errorXml([
      ['Code', 'NoSuchKey'],
      ['Message', 'The specified key does not exist.'],
      ['Key', key],
      ['RequestId', requestId],
      ['HostId', hostId],
    ]),
  };
}
