import type { IamRole, IamUser, PolicyDocument, PolicyStatement } from './iam-types.js';

/** Why AssumeRole is refused, in the words AWS adds after "... on resource: ARN". */
export type DenialReason =
  | 'no resource-based policy allows the sts:AssumeRole action'
  | 'no identity-based policy allows the sts:AssumeRole action'
  | 'with an explicit deny in a resource-based policy'
  | 'with an explicit deny in an identity-based policy';

const ACTION = 'sts:AssumeRole';

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** IAM's wildcards: `*` any run of characters, `?` one character. Actions compare case-insensitively. */
function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

const coversAction = (s: PolicyStatement): boolean =>
  list(s.Action).some((a) => wildcardMatch(a, ACTION, true));

function statementsOf(document: PolicyDocument): PolicyStatement[] {
  return Array.isArray(document.Statement) ? document.Statement : [document.Statement];
}

/** How a trust policy statement names the caller: not at all, through its account, or the user itself. */
function principalMatch(
  s: PolicyStatement,
  caller: IamUser,
  callerArn: string,
): 'none' | 'account' | 'direct' {
  if (s.Principal === '*') return 'direct';
  let best: 'none' | 'account' | 'direct' = 'none';
  for (const p of list(s.Principal?.AWS)) {
    if (p === '*' || p === callerArn) return 'direct';
    if (p === caller.accountId || p === `arn:aws:iam::${caller.accountId}:root`) best = 'account';
  }
  return best;
}

/**
 * IAM's decision for `caller` assuming `role` (undefined when no such role exists: AWS does not say so,
 * and answers as if the role did not trust the caller). An explicit deny wins; the role's trust policy must
 * name the caller or its account; when it names only the account, or the role is in another account, the
 * caller's own (identity-based) policy must also allow `sts:AssumeRole` on the role's ARN.
 */
export function decideAssumeRole(
  caller: IamUser,
  callerArn: string,
  role: IamRole | undefined,
  requestedRoleArn: string,
): DenialReason | undefined {
  const identity = Object.values(caller.inlinePolicies).flatMap(statementsOf).filter(coversAction);
  const onRole = identity.filter((s) =>
    list(s.Resource).some((r) => wildcardMatch(r, requestedRoleArn, false)),
  );
  if (onRole.some((s) => s.Effect === 'Deny')) return 'with an explicit deny in an identity-based policy';
  if (!role) return 'no resource-based policy allows the sts:AssumeRole action';
  const trust = statementsOf(role.trustPolicy).filter(coversAction);
  const matches = trust.map((s) => ({ effect: s.Effect, how: principalMatch(s, caller, callerArn) }));
  if (matches.some((m) => m.effect === 'Deny' && m.how !== 'none')) {
    return 'with an explicit deny in a resource-based policy';
  }
  const allowed = matches.filter((m) => m.effect === 'Allow').map((m) => m.how);
  if (!allowed.includes('account') && !allowed.includes('direct')) {
    return 'no resource-based policy allows the sts:AssumeRole action';
  }
  // In the role's own account, a trust policy naming the user is enough on its own.
  if (allowed.includes('direct') && role.accountId === caller.accountId) return undefined;
  if (!onRole.some((s) => s.Effect === 'Allow'))
    return 'no identity-based policy allows the sts:AssumeRole action';
  return undefined;
}
