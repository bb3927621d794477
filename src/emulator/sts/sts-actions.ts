import { decideAssumeRole } from '../iam/assume-role-decision.js';
import type { IamCaller, IamModel } from '../iam/iam-model.js';
import { userArn } from '../iam/iam-types.js';
import { accessDenied, StsError, validationError } from './sts-error.js';
import type { XmlTree } from './sts-xml.js';

/** What an action answers: the `…Result` element's content. */
export type ActionResult = XmlTree;

const callerArn = (caller: IamCaller): string =>
  caller.kind === 'user'
    ? userArn(caller.user)
    : `arn:aws:sts::${caller.session.role.accountId}:assumed-role/${caller.session.role.roleName}/${caller.session.sessionName}`;

/** GetCallerIdentity: who signed the request. Needs no permission, as on AWS. */
export function getCallerIdentity(caller: IamCaller): ActionResult {
  if (caller.kind === 'user') {
    return { Arn: callerArn(caller), UserId: caller.user.userId, Account: caller.user.accountId };
  }
  const { role, sessionName } = caller.session;
  return { Arn: callerArn(caller), UserId: `${role.roleId}:${sessionName}`, Account: role.accountId };
}

const SESSION_NAME = /^[\w+=,.@-]*$/;
const ARN = /^arn:[\w-]+:[\w-]*:[\w-]*:\d*:.+$/;

/** AWS's model validation message: "1 validation error detected: Value … at '…' failed to satisfy …". */
function validationErrors(problems: string[]): StsError | undefined {
  if (problems.length === 0) return undefined;
  const count = `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected`;
  return validationError(`${count}: ${problems.join('; ')}`);
}

/**
 * AssumeRole: checks the parameters as AWS's model does, then IAM's decision (`decideAssumeRole`), then
 * issues temporary credentials for `DurationSeconds` (default 3600) on the clock.
 */
export function assumeRole(
  caller: IamCaller,
  params: URLSearchParams,
  iam: IamModel,
  now: number,
): ActionResult {
  const arn = params.get('RoleArn');
  const sessionName = params.get('RoleSessionName');
  const durationText = params.get('DurationSeconds');
  const problems: string[] = [];
  if (arn === null)
    problems.push("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
  else if (arn.length < 20) {
    problems.push(
      `Value '${arn}' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20`,
    );
  }
  if (sessionName === null) {
    problems.push("Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
  } else {
    if (!SESSION_NAME.test(sessionName)) {
      problems.push(
        `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
      );
    }
    if (sessionName.length < 2 || sessionName.length > 64) {
      const bound = sessionName.length < 2 ? 'greater than or equal to 2' : 'less than or equal to 64';
      problems.push(
        `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must have length ${bound}`,
      );
    }
  }
  const duration = durationText === null ? 3600 : Number(durationText);
  if (!Number.isInteger(duration)) {
    throw new StsError(400, 'MalformedInput', `Invalid value for DurationSeconds: '${durationText}'`);
  }
  if (duration < 900) {
    problems.push(
      `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900`,
    );
  } else if (duration > 43200) {
    problems.push(
      `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200`,
    );
  }
  const invalid = validationErrors(problems);
  if (invalid) throw invalid;
  if (!ARN.test(arn!)) throw validationError(`${arn} is invalid`);

  const role = iam.roleByArn(arn!);
  const who = callerArn(caller);
  // Role chaining is not modelled: a role session has no identity-based policy here.
  const reason =
    caller.kind === 'user'
      ? decideAssumeRole(caller.user, who, role, arn!)
      : 'no identity-based policy allows the sts:AssumeRole action';
  if (reason !== undefined || !role) {
    const why = reason ?? 'no resource-based policy allows the sts:AssumeRole action';
    const because = why.startsWith('with ') ? why : `because ${why}`;
    throw accessDenied(
      `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${arn} ${because}`,
    );
  }
  if (duration > role.maxSessionDuration) {
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  const expiresAt = now + duration * 1000;
  const session = iam.issueSession(role, sessionName!, expiresAt);
  return {
    AssumedRoleUser: {
      AssumedRoleId: `${role.roleId}:${sessionName}`,
      Arn: `arn:aws:sts::${role.accountId}:assumed-role/${role.roleName}/${sessionName}`,
    },
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  };
}
