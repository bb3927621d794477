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
          (op) =>
            op.key.toLowerCase().includes(lower) ||
            lower.includes(op.operationId.toLowerCase()) ||
            distance(lower, op.operationId.toLowerCase()) <= 2,
        );
  const hint = close.length > 0 ? `did you mean ${close.map((op) => op.key).join(', ')}? ` : '';
  throw new CliError(`unknown operation '${name}': ${hint}run \`csm api --list\` to see every operation`);
}

/** Levenshtein distance, for "did you mean" on a typo. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
