import { invalidInput } from '../amazon-error-response.js';

/** Reads a JSON body as an object; a missing or non-object body is a 400 naming the body parameter. */
export function bodyObject(body: unknown, name: string): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidInput(`Missing or invalid request body '${name}': expected a JSON object.`);
  }
  return body as Record<string, unknown>;
}

export function requiredString(obj: Record<string, unknown>, field: string, path: string): string {
  const v = obj[field];
  if (typeof v !== 'string' || v.trim() === '') {
    throw invalidInput(`Missing required field '${path}${field}': expected a non-empty string.`);
  }
  return v;
}

export function optionalString(
  obj: Record<string, unknown>,
  field: string,
  path: string,
): string | undefined {
  const v = obj[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidInput(`Invalid field '${path}${field}': expected a string.`);
  return v;
}

/** `[{ orderItemId, quantity }]` lines, checked against the order's items. */
export function itemLines(
  value: unknown,
  path: string,
  quantities: ReadonlyMap<string, number>,
  required: boolean,
): { orderItemId: string; quantity: number }[] {
  if (value === undefined && !required) return [];
  if (!Array.isArray(value) || (required && value.length === 0)) {
    throw invalidInput(
      `Missing required field '${path}': expected a non-empty array of { orderItemId, quantity }.`,
    );
  }
  const totals = new Map<string, number>();
  return value.map((raw, i) => {
    const line = bodyObject(raw, `${path}[${i}]`);
    const orderItemId = requiredString(line, 'orderItemId', `${path}[${i}].`);
    const quantity = line.quantity;
    if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1) {
      throw invalidInput(`Invalid field '${path}[${i}].quantity': expected a positive integer.`);
    }
    const available = quantities.get(orderItemId);
    if (available === undefined) {
      throw invalidInput(
        `Invalid field '${path}[${i}].orderItemId': item ${orderItemId} is not part of this order.`,
      );
    }
    const total = (totals.get(orderItemId) ?? 0) + quantity;
    totals.set(orderItemId, total);
    if (total > available) {
      throw invalidInput(
        `Invalid field '${path}[${i}].quantity': ${total} exceeds the ${available} unit(s) of item ${orderItemId} left to ship.`,
      );
    }
    return { orderItemId, quantity };
  });
}
