import { ALL_OPERATIONS, findOperation, type OperationKey, type OperationSpec } from '../../amazon/index.js';
import { CliError } from '../context.js';

/**
 * Finds an operation by its key. A bare operationId that two APIs share ("getOrder") is refused with
 * the versioned keys to choose from; a near miss gets a suggestion.
 */
export function resolveOperation(name: string): OperationSpec & { key: OperationKey } {
  const exact = findOperation(name);
  if (exact) return exact as OperationSpec & { key: OperationKey };
  const all = ALL_OPERATIONS;
  const sameId = all.filter((op) => op.operationId === name);
  if (sameId.length > 1) {
    throw new CliError(
      `operation ${name} is in ${sameId.length} APIs: name its version, e.g. ${sameId.map((op) => op.key).join(' or ')}`,
    );
  }
  const lower = name.toLowerCase();
  const close = all.filter(
    (op) => op.key.toLowerCase().includes(lower) || lower.includes(op.operationId.toLowerCase()),
  );
  const hint = close.length > 0 ? `did you mean ${close.map((op) => op.key).join(', ')}? ` : '';
  throw new CliError(`unknown operation ${name}: ${hint}run \`csm api --list\` to see every operation`);
}
