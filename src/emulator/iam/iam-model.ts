import { createPrng, type Prng } from '../prng.js';
import { defaultIamModel, newAccessKey, newSessionCredentials } from './default-iam-model.js';
import { type IamModelData, type IamRole, type IamUser, roleArn } from './iam-types.js';

/** Temporary credentials handed out by AssumeRole. */
export interface IamSession {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiresAt: number;
  role: IamRole;
  sessionName: string;
}

/** Who signed a request: an IAM user through its access key, or a role session through its temporary keys. */
export type IamCaller =
  | { kind: 'user'; user: IamUser; secretAccessKey: string }
  | { kind: 'session'; session: IamSession };

/** A control asked for a user or role the model does not have. */
export class IamLookupError extends Error {
  override name = 'IamLookupError';
}

/**
 * The IAM model behind the emulator's STS and what it issued. Starts as the guide's setup for the seed;
 * the controls replace it or break one piece of it at a time.
 */
export class IamModel {
  private data: IamModelData;
  private readonly sessions = new Map<string, IamSession>();
  private readonly prng: Prng;

  constructor(private readonly seed: number) {
    this.data = defaultIamModel(seed);
    this.prng = createPrng(seed, 'iam-changes');
  }

  /** The whole model, secrets included (the controls are the emulator's own, like its credentials). */
  snapshot(): IamModelData {
    return structuredClone(this.data);
  }

  /** Replaces the model (already checked by the control's schema and `iamModelProblem`); sessions end. */
  replace(data: IamModelData): void {
    this.data = structuredClone(data);
    this.sessions.clear();
  }

  reset(): void {
    this.replace(defaultIamModel(this.seed));
  }

  /** The signer of a request by access key id; undefined when unknown or inactive. */
  caller(accessKeyId: string): IamCaller | undefined {
    const session = this.sessions.get(accessKeyId);
    if (session) return { kind: 'session', session };
    for (const user of this.data.users) {
      const key = user.accessKeys.find((k) => k.accessKeyId === accessKeyId && k.status === 'Active');
      if (key) return { kind: 'user', user, secretAccessKey: key.secretAccessKey };
    }
    return undefined;
  }

  /** The role an ARN names, if the model has it (no role paths: `role/NAME`). */
  roleByArn(arn: string): IamRole | undefined {
    return this.data.roles.find((r) => roleArn(r) === arn);
  }

  issueSession(role: IamRole, sessionName: string, expiresAt: number): IamSession {
    const session: IamSession = { ...newSessionCredentials(this.prng), expiresAt, role, sessionName };
    this.sessions.set(session.accessKeyId, session);
    return session;
  }

  /** The user's keys are replaced by one new key: the old key id becomes unknown to STS. */
  rotateKey(userName?: string): { userName: string; accessKeyId: string; secretAccessKey: string } {
    const user = this.user(userName);
    const key = newAccessKey(this.prng);
    user.accessKeys = [{ ...key, status: 'Active' }];
    return { userName: user.userName, ...key };
  }

  /** The role trusts nobody any more (its trust policy has no statement). */
  removeTrust(roleName?: string): IamRole {
    const role = this.role(roleName);
    role.trustPolicy = { Version: '2012-10-17', Statement: [] };
    return structuredClone(role);
  }

  /** Removes the user's inline policies (one by name, or all); returns the names removed. */
  removeInlinePolicies(userName?: string, policyName?: string): { userName: string; removed: string[] } {
    const user = this.user(userName);
    const names = Object.keys(user.inlinePolicies).filter(
      (n) => policyName === undefined || n === policyName,
    );
    if (policyName !== undefined && names.length === 0) {
      throw new IamLookupError(`user ${user.userName} has no inline policy ${policyName}`);
    }
    for (const name of names) delete user.inlinePolicies[name];
    return { userName: user.userName, removed: names };
  }

  /** What `GET /_emulator/credentials` shows under `aws`: the first user's active key and the first role. */
  defaultView(): {
    accountId: string | null;
    userName: string | null;
    accessKeyId: string | null;
    secretAccessKey: string | null;
    roleArn: string | null;
  } {
    const user = this.data.users[0];
    const key = user?.accessKeys.find((k) => k.status === 'Active');
    const role = this.data.roles[0];
    return {
      accountId: user?.accountId ?? role?.accountId ?? null,
      userName: user?.userName ?? null,
      accessKeyId: key?.accessKeyId ?? null,
      secretAccessKey: key?.secretAccessKey ?? null,
      roleArn: role ? roleArn(role) : null,
    };
  }

  private user(userName: string | undefined): IamUser {
    const user =
      userName === undefined ? this.data.users[0] : this.data.users.find((u) => u.userName === userName);
    if (!user)
      throw new IamLookupError(
        userName === undefined ? 'the IAM model has no user' : `no IAM user ${userName}`,
      );
    return user;
  }

  private role(roleName: string | undefined): IamRole {
    const role =
      roleName === undefined ? this.data.roles[0] : this.data.roles.find((r) => r.roleName === roleName);
    if (!role)
      throw new IamLookupError(
        roleName === undefined ? 'the IAM model has no role' : `no IAM role ${roleName}`,
      );
    return role;
  }
}

/** What the schema cannot say about a model: names and key ids that must be unique. */
export function iamModelProblem(data: IamModelData): string | undefined {
  const keyIds = new Set<string>();
  for (const user of data.users) {
    for (const key of user.accessKeys) {
      if (keyIds.has(key.accessKeyId)) return `access key id ${key.accessKeyId} appears twice`;
      keyIds.add(key.accessKeyId);
    }
  }
  const users = new Set(data.users.map((u) => `${u.accountId}/${u.userName}`));
  if (users.size !== data.users.length) return 'two users have the same account and name';
  const roles = new Set(data.roles.map((r) => roleArn(r)));
  if (roles.size !== data.roles.length) return 'two roles have the same account and name';
  return undefined;
}
