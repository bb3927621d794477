import { describe, expect, it } from 'vitest';
import { consentUrl, newOAuthState } from '../../src/accounts/consent-url.js';
import { ACCOUNT_ID_PLACEHOLDER, iamPolicies } from '../../src/accounts/iam-policy.js';

describe('iamPolicies', () => {
  it("fills in the guide's three documents with the account id and role name", () => {
    const p = iamPolicies({ accountId: '123456789012', roleName: 'SpApiRole' });
    expect(p.sellingPartnerApiPolicy.Statement[0]).toEqual({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: 'arn:aws:execute-api:*:*:*',
    });
    expect(p.roleTrustPolicy.Statement[0]?.Principal).toEqual({ AWS: 'arn:aws:iam::123456789012:root' });
    expect(p.userAssumeRolePolicy.Statement[0]?.Resource).toBe('arn:aws:iam::123456789012:role/SpApiRole');
  });

  it('leaves a visible placeholder without an account id', () => {
    expect(JSON.stringify(iamPolicies())).toContain(ACCOUNT_ID_PLACEHOLDER);
  });
});

describe('consentUrl', () => {
  const base = {
    applicationId: 'amzn1.sellerapps.app.x',
    redirectUri: 'http://127.0.0.1:5000/cb',
    state: 's1',
  };

  it("points at the region's Seller Central, with version=beta only for a draft app", () => {
    const eu = consentUrl({ ...base, region: 'eu', draft: true });
    expect(eu.origin).toBe('https://sellercentral-europe.amazon.com');
    expect(eu.pathname).toBe('/apps/authorize/consent');
    expect(eu.searchParams.get('application_id')).toBe('amzn1.sellerapps.app.x');
    expect(eu.searchParams.get('state')).toBe('s1');
    expect(eu.searchParams.get('version')).toBe('beta');
    expect(consentUrl({ ...base, region: 'na' }).searchParams.has('version')).toBe(false);
  });

  it('uses Vendor Central for a vendor app, and another host when given', () => {
    expect(consentUrl({ ...base, region: 'fe', vendor: true }).origin).toBe(
      'https://vendorcentral.amazon.co.jp',
    );
    expect(consentUrl({ ...base, region: 'na', baseUrl: 'http://127.0.0.1:9' }).origin).toBe(
      'http://127.0.0.1:9',
    );
  });

  it('makes a new unguessable state every time', () => {
    const states = new Set(Array.from({ length: 50 }, newOAuthState));
    expect(states.size).toBe(50);
    for (const s of states) expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
