import { describe, expect, it } from 'vitest';
import {
  accountIdOfRoleArn,
  checkAwsAccessKeyId,
  checkAwsAccountId,
  checkAwsSecretAccessKey,
  checkClientId,
  checkClientSecret,
  checkRefreshToken,
  checkRoleArn,
  checkSellerId,
} from '../../src/accounts/credential-format.js';
import { generateCredentials } from '../../src/emulator/credentials.js';

const good = generateCredentials(7, 1);
const seller = good.sellers[0]!;
const awsSecret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

describe('credential formats', () => {
  it('accepts what Amazon and AWS issue', () => {
    expect(checkClientId(good.clientId)).toBeUndefined();
    expect(checkClientSecret(good.clientSecret)).toBeUndefined();
    expect(checkRefreshToken(seller.refreshToken)).toBeUndefined();
    expect(checkSellerId(seller.sellerId)).toBeUndefined();
    expect(checkAwsAccessKeyId('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
    expect(checkAwsSecretAccessKey(awsSecret)).toBeUndefined();
    expect(checkRoleArn('arn:aws:iam::123456789012:role/SellingPartnerAPIRole')).toBeUndefined();
    expect(checkAwsAccountId('123456789012')).toBeUndefined();
  });

  it.each([
    ['client id with a trailing space', () => checkClientId(`${good.clientId} `), 'spaces'],
    ['client id pasted as secret', () => checkClientSecret(good.clientId), 'looks like a client id'],
    ['secret pasted as client id', () => checkClientId(good.clientSecret), 'looks like a client secret'],
    [
      'refresh token pasted as secret',
      () => checkClientSecret(seller.refreshToken),
      'looks like a refresh token',
    ],
    ['secret cut short', () => checkClientSecret(good.clientSecret.slice(0, 40)), 'not of the form'],
    ['refresh token cut at the pipe', () => checkRefreshToken('Atzr'), 'does not start with Atzr|'],
    ['truncated refresh token', () => checkRefreshToken(seller.refreshToken.slice(0, 30)), 'cut short'],
    [
      'URL-encoded refresh token',
      () => checkRefreshToken(seller.refreshToken.replace('|', '%7C')),
      'URL-encoded',
    ],
    ['refresh token with a line break', () => checkRefreshToken(`${seller.refreshToken}\n`), 'line breaks'],
    ['empty seller id', () => checkSellerId(''), 'empty'],
    ['lower-case seller id', () => checkSellerId('a1b2c3d4e5f6g7'), 'Merchant Token'],
    ['short access key id', () => checkAwsAccessKeyId('AKIA123'), 'AKIA'],
    [
      'access key id as secret',
      () => checkAwsSecretAccessKey('AKIAIOSFODNN7EXAMPLE'),
      'looks like an access key id',
    ],
    ['user ARN as role ARN', () => checkRoleArn('arn:aws:iam::123456789012:user/me'), 'role/'],
    ['account id with dashes', () => checkAwsAccountId('1234-5678-9012'), '12 digits'],
  ])('names the field, the problem and the fix: %s', (_name, check, words) => {
    const problem = check();
    expect(problem?.problem).toContain(words);
    expect(problem?.fix.length).toBeGreaterThan(10);
    expect(problem?.field.length).toBeGreaterThan(3);
  });

  it('never repeats the value it refuses', () => {
    const secretAsId = checkClientId(good.clientSecret);
    const truncated = checkRefreshToken(seller.refreshToken.slice(0, 40));
    for (const p of [secretAsId, truncated]) {
      const text = JSON.stringify(p);
      expect(text).not.toContain(good.clientSecret.slice(16));
      expect(text).not.toContain(seller.refreshToken.slice(5, 40));
    }
  });

  it('reads the account id out of a role ARN', () => {
    expect(accountIdOfRoleArn('arn:aws:iam::123456789012:role/path/Name')).toBe('123456789012');
    expect(accountIdOfRoleArn('not an arn')).toBeUndefined();
  });
});
