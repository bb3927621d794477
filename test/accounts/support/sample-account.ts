import { randomBytes } from 'node:crypto';
import type { NewAccount } from '../../../src/accounts/index.js';

/** A well-formed account with random secrets shaped like Amazon's (never valid anywhere). */
export function sampleAccount(name: string, overrides: Partial<NewAccount> = {}): NewAccount {
  return {
    name,
    kind: 'seller',
    region: 'eu',
    clientId: `amzn1.application-oa2-client.${randomBytes(16).toString('hex')}`,
    clientSecret: `amzn1.oa2-cs.v1.${randomBytes(32).toString('hex')}`,
    refreshToken: `Atzr|IwEB${randomBytes(72).toString('base64url')}`,
    sellerId: 'A1B2C3D4E5F6G7',
    marketplaces: [
      {
        id: 'A1PA6795UKMFR9',
        countryCode: 'DE',
        name: 'Amazon.de',
        participating: true,
        suspendedListings: false,
      },
    ],
    secretCreated: '2026-01-15',
    ...overrides,
  };
}

/** AWS fields shaped like AWS's. */
export function sampleAws(): NonNullable<NewAccount['aws']> {
  return {
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
    roleArn: 'arn:aws:iam::123456789012:role/SellingPartnerAPIRole',
  };
}
