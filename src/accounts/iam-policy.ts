/**
 * The three IAM documents of Amazon's pre-2023 setup guide, filled in with the user's account id and role
 * name where given. Since 2023-10-02 SP-API ignores request signatures, so none of them is needed any more;
 * `csm iam-policy` prints them for people who follow the old guide or keep an existing setup tidy.
 */
export interface IamPolicies {
  /** The managed policy the guide names `SellingPartnerAPI`: may call every execute-api endpoint. */
  sellingPartnerApiPolicy: PolicyDocument;
  /** The role's trust policy: the AWS account may assume the role. */
  roleTrustPolicy: PolicyDocument;
  /** The inline policy of the IAM user: may assume the role. */
  userAssumeRolePolicy: PolicyDocument;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Record<string, unknown>[];
}

/** Placeholder printed where the user gave no account id or role name. */
export const ACCOUNT_ID_PLACEHOLDER = '<AWS_ACCOUNT_ID>';
export const DEFAULT_ROLE_NAME = 'SellingPartnerAPIRole';

export function iamPolicies(options: { accountId?: string; roleName?: string } = {}): IamPolicies {
  const account = options.accountId ?? ACCOUNT_ID_PLACEHOLDER;
  const role = options.roleName ?? DEFAULT_ROLE_NAME;
  return {
    sellingPartnerApiPolicy: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*' }],
    },
    roleTrustPolicy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'sts:AssumeRole' },
      ],
    },
    userAssumeRolePolicy: {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${account}:role/${role}` },
      ],
    },
  };
}
