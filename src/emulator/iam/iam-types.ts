/** An IAM policy statement, as far as STS's AssumeRole decision reads it. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  /** Identity-based policies name what they allow on. */
  Resource?: string | string[];
  /** Trust (resource-based) policies name who may act: `"*"`, or AWS account ids and ARNs. */
  Principal?: '*' | { AWS: string | string[] };
}

export interface PolicyDocument {
  Version: string;
  Statement: PolicyStatement[];
}

export interface IamAccessKey {
  /** `AKIA` and 16 upper-case letters and digits. */
  accessKeyId: string;
  secretAccessKey: string;
  /** An inactive key is refused like an unknown one. */
  status: 'Active' | 'Inactive';
}

export interface IamUser {
  /** 12 digits. */
  accountId: string;
  userName: string;
  /** `AIDA…`, what GetCallerIdentity returns as `UserId`. */
  userId: string;
  accessKeys: IamAccessKey[];
  /** Inline policies by name; the guide's step gives the user one allowing `sts:AssumeRole` on the role. */
  inlinePolicies: Record<string, PolicyDocument>;
}

export interface IamRole {
  accountId: string;
  roleName: string;
  /** `AROA…`, the start of an assumed role's `AssumedRoleId`. */
  roleId: string;
  /** Who may assume the role. */
  trustPolicy: PolicyDocument;
  /** Seconds; AssumeRole's `DurationSeconds` may not exceed it. */
  maxSessionDuration: number;
}

/** The small IAM model behind the emulator's STS: users with keys and inline policies, roles with trust. */
export interface IamModelData {
  users: IamUser[];
  roles: IamRole[];
}

export const userArn = (u: Pick<IamUser, 'accountId' | 'userName'>): string =>
  `arn:aws:iam::${u.accountId}:user/${u.userName}`;

export const roleArn = (r: Pick<IamRole, 'accountId' | 'roleName'>): string =>
  `arn:aws:iam::${r.accountId}:role/${r.roleName}`;
