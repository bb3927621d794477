import { describe, expect, it } from 'vitest';
import { canonicalRequest, expectedSignature, parseAuthorization } from '../../src/emulator/sts/sigv4.js';

// The verifier against AWS's own published SigV4 test suite case "get-vanilla" (the test suite's example
// credentials, not a secret): the emulator must compute the signature AWS computes.

describe('SigV4 verifier', () => {
  const auth =
    'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';
  const request = {
    method: 'GET',
    path: '/',
    query: '',
    headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z', authorization: auth },
    body: '',
  };

  it("computes AWS's canonical request and signature for get-vanilla", () => {
    const parsed = parseAuthorization(auth);
    if (typeof parsed === 'string') throw new Error(parsed);
    expect(canonicalRequest(request, parsed.signedHeaders)).toBe(
      'GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(
      expectedSignature(request, parsed, 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830T123600Z'),
    ).toBe(parsed.signature);
  });

  it('sorts and encodes the query, normalizes the path, trims header values', () => {
    const text = canonicalRequest(
      { ...request, path: '/a/./b/../c/', query: 'b=2&a=x y&a=1', headers: { host: '  h   1 ' } },
      ['host'],
    );
    expect(text.split('\n').slice(0, 4)).toEqual(['GET', '/a/c/', 'a=1&a=x%20y&b=2', 'host:h 1']);
  });

  it('names what an incomplete Authorization header lacks', () => {
    expect(parseAuthorization('AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/sts/aws4_request')).toBe(
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256",
    );
    expect(parseAuthorization('AWS AKID:sig')).toBe("Unsupported AWS 'algorithm': 'AWS'");
  });
});
