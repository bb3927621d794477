import { createHmac, timingSafeEqual } from 'node:crypto';

/** The headers of a delivery. */
export const HEADER_ID = 'Csm-Webhook-Id';
export const HEADER_TIMESTAMP = 'Csm-Webhook-Timestamp';
export const HEADER_SIGNATURE = 'Csm-Webhook-Signature';

/**
 * `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: the timestamp (Unix seconds) is signed with the
 * body, so a captured delivery replayed later shows its age and cannot be re-dated.
 */
export function signPayload(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Whether `header` is a valid signature of `body` at `timestamp` under `secret` (constant time). */
export function verifySignature(secret: string, timestamp: string, body: string, header: string): boolean {
  const expected = Buffer.from(signPayload(secret, Number(timestamp), body));
  const given = Buffer.from(header);
  return /^\d+$/.test(timestamp) && given.length === expected.length && timingSafeEqual(given, expected);
}
