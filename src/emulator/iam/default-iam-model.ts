import { createPrng, type Prng } from '../prng.js';
import { type IamModelData, roleArn } from './iam-types.js';

/** The names of the guide's pieces in the default model. */
export const DEFAULT_USER_NAME = 'SellingPartnerAPIUser';
export const DEFAULT_ROLE_NAME = 'SellingPartnerAPIRole';
export const DEFAULT_INLINE_POLICY_NAME = 'SellingPartnerAPIAssumeRole';

const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
// AWS access key ids use base32's letters and digits after the prefix.
const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** A new long-term access key pair: `AKIA` + 16, and a 40-character secret. */
export function newAccessKey(prng: Prng): { accessKeyId: string; secretAccessKey: string } {
  return {
    accessKeyId: `AKIA${prng.chars(16, KEY_ID_ALPHABET)}`,
    secretAccessKey: prng.chars(40, SECRET_ALPHABET),
  };
}

/** Temporary credentials of an assumed role: `ASIA` + 16, a 40-character secret, a session token. */
export function newSessionCredentials(prng: Prng): {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
} {
  return {
    accessKeyId: `ASIA${prng.chars(16, KEY_ID_ALPHABET)}`,
    secretAccessKey: prng.chars(40, SECRET_ALPHABET),
    sessionToken: `IQoJb3JpZ2luX2Vj${prng.chars(340, SECRET_ALPHABET)}`,
  };
}

export const newUniqueId = (prng: Prng, prefix: 'AIDA' | 'AROA'): string =>
  `${prefix}${prng.chars(17, UPPER_DIGITS)}`;

/**
 * The model the pre-2023 guide leaves behind, deterministic for a seed: one AWS account, an IAM user with
 * an access key and an inline policy allowing `sts:AssumeRole` on the role, and the role
 * `SellingPartnerAPIRole` whose trust policy trusts the account.
 */
export function defaultIamModel(seed: number): IamModelData {
  const prng = createPrng(seed, 'iam');
  const accountId = `${1 + prng.int(9)}${prng.chars(11, '0123456789')}`;
  const role = { accountId, roleName: DEFAULT_ROLE_NAME };
  return {
    users: [
      {
        accountId,
        userName: DEFAULT_USER_NAME,
        userId: newUniqueId(prng, 'AIDA'),
        accessKeys: [{ ...newAccessKey(prng), status: 'Active' }],
        inlinePolicies: {
          [DEFAULT_INLINE_POLICY_NAME]: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn(role) }],
          },
        },
      },
    ],
    roles: [
      {
        ...role,
        roleId: newUniqueId(prng, 'AROA'),
        trustPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: `arn:aws:iam::${accountId}:root` },
              Action: 'sts:AssumeRole',
            },
          ],
        },
        maxSessionDuration: 3600,
      },
    ],
  };
}
