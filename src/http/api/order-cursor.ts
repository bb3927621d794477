import { HttpError } from '../http-error.js';

/** Where a page of orders ends: the keyset (last update, account, order id) of its last order. */
export interface OrderCursor {
  /** The last update as PostgreSQL wrote it (microseconds kept: a JavaScript Date would cut them). */
  readonly updated: string;
  readonly accountId: string;
  readonly orderId: string;
}

/** Opaque to clients: base64url of a small JSON array. */
export function encodeCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify([cursor.updated, cursor.accountId, cursor.orderId])).toString(
    'base64url',
  );
}

export function decodeCursor(text: string): OrderCursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      value.every((v) => typeof v === 'string') &&
      !Number.isNaN(Date.parse(value[0] as string)) &&
      /^[0-9a-f-]{36}$/.test(value[1] as string)
    ) {
      const [updated, accountId, orderId] = value as [string, string, string];
      return { updated, accountId, orderId };
    }
  } catch {
    // answered below
  }
  throw new HttpError('VALIDATION_FAILED', 'cursor: not a cursor of this API; pass nextCursor as it came', {
    field: 'cursor',
  });
}
