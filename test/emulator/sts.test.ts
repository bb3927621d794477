import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
  type STSServiceException,
} from '@aws-sdk/client-sts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildEmulator, type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createFakeClock, type FakeClock } from '../support/fake-clock.js';

// The emulator's STS driven by AWS's own SDK (@aws-sdk/client-sts), which signs with SigV4 on the wall
// clock: the emulator's fake clock starts at the wall clock's second, and moves only when a test moves it.

interface AwsCredentials {
  accountId: string;
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
  roleArn: string;
  stsEndpoint: string;
}

let emulator: RunningEmulator;
let clock: FakeClock;
let aws: AwsCredentials;

const control = async (method: string, path: string, body?: unknown): Promise<Response> =>
  fetch(`${emulator.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });

const sts = (credentials: {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}): STSClient =>
  new STSClient({ endpoint: aws.stsEndpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

const userClient = (): STSClient =>
  sts({ accessKeyId: aws.accessKeyId, secretAccessKey: aws.secretAccessKey });

async function failure(promise: Promise<unknown>): Promise<STSServiceException> {
  try {
    await promise;
  } catch (error) {
    return error as STSServiceException;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  clock = createFakeClock(Math.floor(Date.now() / 1000) * 1000);
  emulator = await startEmulator({ clock, orders: 0, sellers: 1, seed: 3 });
});
afterAll(async () => {
  await emulator.close();
});
beforeEach(async () => {
  await control('POST', '/_emulator/iam/reset');
  aws = ((await (await control('GET', '/_emulator/credentials')).json()) as { aws: AwsCredentials }).aws;
});

describe('STS (AWS Query protocol, SigV4) against the IAM model', () => {
  it('credentials name the default account, user, key, role and the STS endpoint', async () => {
    expect(aws.accountId).toMatch(/^[1-9]\d{11}$/);
    expect(aws.userName).toBe('SellingPartnerAPIUser');
    expect(aws.accessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(aws.secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(aws.roleArn).toBe(`arn:aws:iam::${aws.accountId}:role/SellingPartnerAPIRole`);
    expect(aws.stsEndpoint).toBe(`${emulator.url}/sts`);
    expect(emulator.credentials.aws).toEqual(aws);
  });

  it('success: GetCallerIdentity, then AssumeRole gives ASIA credentials for one hour on the clock', async () => {
    const client = userClient();
    const identity = await client.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(`arn:aws:iam::${aws.accountId}:user/SellingPartnerAPIUser`);
    expect(identity.Account).toBe(aws.accountId);
    expect(identity.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(identity.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const assumed = await client.send(
      new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'csm-doctor' }),
    );
    const creds = assumed.Credentials!;
    expect(creds.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(creds.SecretAccessKey).toHaveLength(40);
    expect(creds.SessionToken!.length).toBeGreaterThan(100);
    expect(creds.Expiration!.getTime()).toBe(clock.now() + 3_600_000);
    expect(assumed.AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${aws.accountId}:assumed-role/SellingPartnerAPIRole/csm-doctor`,
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z0-9]{17}:csm-doctor$/),
    });

    const session = sts({
      accessKeyId: creds.AccessKeyId!,
      secretAccessKey: creds.SecretAccessKey!,
      sessionToken: creds.SessionToken!,
    });
    expect((await session.send(new GetCallerIdentityCommand({}))).Arn).toBe(assumed.AssumedRoleUser!.Arn);
    // Without its session token the temporary key is not a valid token.
    const noToken = sts({ accessKeyId: creds.AccessKeyId!, secretAccessKey: creds.SecretAccessKey! });
    expect((await failure(noToken.send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
  });

  it('wrong secret key: 403 SignatureDoesNotMatch with AWS message', async () => {
    const client = sts({
      accessKeyId: aws.accessKeyId,
      secretAccessKey: `${aws.secretAccessKey.slice(0, -1)}x`,
    });
    const error = await failure(client.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.message).toBe(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.$fault).toBe('client');
  });

  it('unknown access key: 403 InvalidClientTokenId; so is the old key after rotate-key', async () => {
    const unknown = sts({ accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: aws.secretAccessKey });
    const error = await failure(unknown.send(new GetCallerIdentityCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.message).toBe('The security token included in the request is invalid.');
    expect(error.$metadata.httpStatusCode).toBe(403);

    const rotated = (await (await control('POST', '/_emulator/iam/rotate-key')).json()) as {
      userName: string;
      accessKeyId: string;
      secretAccessKey: string;
    };
    expect(rotated.userName).toBe('SellingPartnerAPIUser');
    expect(rotated.accessKeyId).not.toBe(aws.accessKeyId);
    expect((await failure(userClient().send(new GetCallerIdentityCommand({})))).name).toBe(
      'InvalidClientTokenId',
    );
    const fresh = sts({ accessKeyId: rotated.accessKeyId, secretAccessKey: rotated.secretAccessKey });
    expect((await fresh.send(new GetCallerIdentityCommand({}))).Account).toBe(aws.accountId);
  });

  it("untrusted account: the role's trust policy names another account → AccessDenied, resource-based", async () => {
    const model = (await (await control('GET', '/_emulator/iam')).json()) as {
      roles: { trustPolicy: { Statement: { Principal: { AWS: string } }[] } }[];
    };
    model.roles[0]!.trustPolicy.Statement[0]!.Principal.AWS = 'arn:aws:iam::111122223333:root';
    expect((await control('PUT', '/_emulator/iam', model)).status).toBe(200);
    const error = await failure(
      userClient().send(new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'csm' })),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(error.message).toBe(
      `User: arn:aws:iam::${aws.accountId}:user/SellingPartnerAPIUser is not authorized to perform: sts:AssumeRole on resource: ${aws.roleArn} because no resource-based policy allows the sts:AssumeRole action`,
    );
  });

  it('a user of another account than the role trusts, and remove-trust, answer the same', async () => {
    const model = (await (await control('GET', '/_emulator/iam')).json()) as {
      users: { accountId: string; inlinePolicies: object }[];
    };
    model.users[0]!.accountId = '111122223333';
    expect((await control('PUT', '/_emulator/iam', model)).status).toBe(200);
    const foreign = await failure(
      userClient().send(new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'csm' })),
    );
    expect(foreign.message).toBe(
      `User: arn:aws:iam::111122223333:user/SellingPartnerAPIUser is not authorized to perform: sts:AssumeRole on resource: ${aws.roleArn} because no resource-based policy allows the sts:AssumeRole action`,
    );

    await control('POST', '/_emulator/iam/reset');
    const removed = await control('POST', '/_emulator/iam/remove-trust', {});
    expect(await removed.json()).toEqual({
      roleName: 'SellingPartnerAPIRole',
      trustPolicy: { Version: '2012-10-17', Statement: [] },
    });
    const error = await failure(
      userClient().send(new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'csm' })),
    );
    expect(error.message).toMatch(/because no resource-based policy allows the sts:AssumeRole action$/);
  });

  it('missing inline AssumeRole policy: AccessDenied, identity-based; GetCallerIdentity still works', async () => {
    const removed = await control('POST', '/_emulator/iam/remove-inline-policy');
    expect(await removed.json()).toEqual({
      userName: 'SellingPartnerAPIUser',
      removed: ['SellingPartnerAPIAssumeRole'],
    });
    const client = userClient();
    expect((await client.send(new GetCallerIdentityCommand({}))).Account).toBe(aws.accountId);
    const error = await failure(
      client.send(new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'csm' })),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toBe(
      `User: arn:aws:iam::${aws.accountId}:user/SellingPartnerAPIUser is not authorized to perform: sts:AssumeRole on resource: ${aws.roleArn} because no identity-based policy allows the sts:AssumeRole action`,
    );
  });

  it('a role that does not exist is refused like one that does not trust the caller', async () => {
    const missing = `arn:aws:iam::${aws.accountId}:role/NoSuchRole`;
    const error = await failure(
      userClient().send(new AssumeRoleCommand({ RoleArn: missing, RoleSessionName: 'csm' })),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.message).toBe(
      `User: arn:aws:iam::${aws.accountId}:user/SellingPartnerAPIUser is not authorized to perform: sts:AssumeRole on resource: ${missing} because no resource-based policy allows the sts:AssumeRole action`,
    );
  });

  it("a trust policy naming the user itself is enough in the role's own account", async () => {
    const model = (await (await control('GET', '/_emulator/iam')).json()) as {
      users: { inlinePolicies: object }[];
      roles: { trustPolicy: { Statement: { Principal: { AWS: string } }[] } }[];
    };
    model.users[0]!.inlinePolicies = {};
    model.roles[0]!.trustPolicy.Statement[0]!.Principal.AWS =
      `arn:aws:iam::${aws.accountId}:user/SellingPartnerAPIUser`;
    expect((await control('PUT', '/_emulator/iam', model)).status).toBe(200);
    const ok = await userClient().send(
      new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'csm' }),
    );
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/);
  });

  it('parameters are checked as AWS does: ValidationError naming the member', async () => {
    const client = userClient();
    const short = await failure(
      client.send(new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'x' })),
    );
    expect(short.name).toBe('ValidationError');
    expect(short.message).toBe(
      "1 validation error detected: Value 'x' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2",
    );
    const long = await failure(
      client.send(
        new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'csm', DurationSeconds: 7200 }),
      ),
    );
    expect(long.message).toBe(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    );
    const bad = await failure(
      client.send(
        new AssumeRoleCommand({ RoleArn: 'SellingPartnerAPIRole-name-only', RoleSessionName: 'csm' }),
      ),
    );
    expect(bad.name).toBe('ValidationError');
    expect(bad.message).toBe('SellingPartnerAPIRole-name-only is invalid');
  });

  it('temporary credentials expire with the clock; a request signed 15 minutes off is refused', async () => {
    const assumed = await userClient().send(
      new AssumeRoleCommand({ RoleArn: aws.roleArn, RoleSessionName: 'csm' }),
    );
    const session = sts({
      accessKeyId: assumed.Credentials!.AccessKeyId!,
      secretAccessKey: assumed.Credentials!.SecretAccessKey!,
      sessionToken: assumed.Credentials!.SessionToken!,
    });
    clock.advance(3_600_000);
    const expired = await failure(session.send(new GetCallerIdentityCommand({})));
    expect(expired.name).toBe('ExpiredToken');
    expect(expired.message).toBe('The security token included in the request is expired');
    // The SDK signs with the wall clock, now an hour behind the emulator's.
    const skewed = await failure(userClient().send(new GetCallerIdentityCommand({})));
    expect(skewed.name).toBe('SignatureDoesNotMatch');
    expect(skewed.message).toMatch(
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/,
    );
    clock.advance(-3_600_000);
  });
});

describe('STS wire format and the IAM controls', () => {
  it('an unsigned request: XML ErrorResponse in AWS shape, the RequestId equal to x-amzn-RequestId', async () => {
    const res = await fetch(aws.stsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const requestId = res.headers.get('x-amzn-requestid')!;
    expect(await res.text()).toBe(`<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>MissingAuthenticationToken</Code>
    <Message>Request is missing Authentication Token</Message>
  </Error>
  <RequestId>${requestId}</RequestId>
</ErrorResponse>
`);
    const incomplete = await fetch(aws.stsEndpoint, {
      method: 'POST',
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=${aws.accessKeyId}/20260101/us-east-1/sts/aws4_request`,
      },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(incomplete.status).toBe(400);
    expect(await incomplete.text()).toContain('<Code>IncompleteSignature</Code>');
  });

  it('PUT /_emulator/iam is checked by its schema; unknown users and roles are 404', async () => {
    const typo = await control('PUT', '/_emulator/iam', { users: [], roles: [], groups: [] });
    expect(typo.status).toBe(400);
    expect(await typo.json()).toEqual({ error: "body has an unknown field 'groups'" });
    const model = (await (await control('GET', '/_emulator/iam')).json()) as {
      users: { accessKeys: { accessKeyId: string }[] }[];
    };
    model.users[0]!.accessKeys[0]!.accessKeyId = 'AKIA-not-a-key';
    const badKey = await control('PUT', '/_emulator/iam', model);
    expect(badKey.status).toBe(400);
    expect(((await badKey.json()) as { error: string }).error).toMatch(
      /^body\.users\.0\.accessKeys\.0\.accessKeyId must match/,
    );
    expect((await control('POST', '/_emulator/iam/rotate-key', { userName: 'nobody' })).status).toBe(404);
    expect((await control('POST', '/_emulator/iam/remove-trust', { roleName: 'nope' })).status).toBe(404);

    const empty = await control('PUT', '/_emulator/iam', { users: [], roles: [] });
    expect(empty.status).toBe(200);
    const creds = (await (await control('GET', '/_emulator/credentials')).json()) as { aws: object };
    expect(creds.aws).toEqual({
      accountId: null,
      userName: null,
      accessKeyId: null,
      secretAccessKey: null,
      roleArn: null,
      stsEndpoint: aws.stsEndpoint,
    });
  });

  it('the IAM and app controls answer only loopback clients, like every control', async () => {
    const app = buildEmulator({ orders: 0, sellers: 1 });
    try {
      for (const url of ['/_emulator/iam', '/_emulator/app/oauth', '/_emulator/app/secret']) {
        const res = await app.inject({ method: 'GET', url, remoteAddress: '10.1.2.3' });
        expect(res.statusCode).toBe(403);
        expect(res.body).not.toContain('AKIA');
        expect((await app.inject({ method: 'GET', url })).statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});
