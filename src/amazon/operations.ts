import { OPERATIONS, type OperationKey } from './generated/operations.js';
import type { OperationSpec } from './operation-spec.js';

const table: Readonly<Record<string, OperationSpec>> = OPERATIONS;

/** Every operation of the models the project uses, in the generated table's order. */
export const ALL_OPERATIONS: readonly OperationSpec[] = Object.freeze(Object.values(table));

/** The operation of a key (`searchOrders`, `getOrder@v0`), or `undefined` for a key no model declares. */
export function findOperation(key: string): OperationSpec | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Narrows a string to an operation key of the table. */
export function isOperationKey(key: string): key is OperationKey {
  return Object.hasOwn(table, key);
}
