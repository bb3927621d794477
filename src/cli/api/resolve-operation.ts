import {
  ALL_OPERATIONS,
  findOperation,
  isOperationKey,
  type OperationKey,
  type OperationSpec,
} from '../../amazon/index.js';
import { CliError } from '../cli-error.js';

/** An operation named on the command line: its key, typed for the client, and its row of the table. */
export interface ResolvedOperation {
  readonly key: OperationKey;
  readonly spec: OperationSpec;
}

/**
 * Finds an operation by its key. A bare operationId that two APIs share ("getOrder") is refused with
 * the versioned keys to choose from; a near miss gets a suggestion.
 */
export function resolveOperation(name: string): ResolvedOperation {
  const spec = findOperation(name);
  if (spec && isOperationKey(name)) return { key: name, spec };
  const sameId = ALL_OPERATIONS.filter((op) => op.operationId === name);
  if (sameId.length > 1) {
    throw new CliError(
      `operation ${name} is in ${sameId.length} APIs: name its version, e.g. ${sameId.map((op) => op.key).join(' or ')}`,
    );
  }
  const lower = name.toLowerCase();
  const close =
    lower === ''
      ? []
      : ALL_OPERATIONS.filter(
          (op) => op.key.toLowerCase().includes(lower) || lower.includes(op.operationId.toLowerCase()),
        );
  const hint = close.length > 0 ? `did you mean ${close.map((op) => op.key).join(', ')}? ` : '';
  throw new CliError(`unknown operation '${name}': ${hint}run \`csm api --list\` to see every operation`);
}
