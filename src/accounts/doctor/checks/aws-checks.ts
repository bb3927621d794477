import type { STSClient } from '@aws-sdk/client-sts';
import {
  accountIdOfRoleArn,
  checkAwsAccessKeyId,
  checkAwsSecretAccessKey,
  checkRoleArn,
} from '../../credential-format.js';
import { AWS_OPTIONAL_NOTE, guideStep } from '../../setup-guide.js';
import type { CheckContext } from '../check-context.js';
import { pass, skip, type Verdict, warn } from '../check-result.js';
import { type Outcome, outcomeOf } from '../outcome.js';

/** The legacy AWS fields of an account, when all are stored. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly roleArn: string;
}

/** The STS calls of the legacy checks, each made once per probe. */
export class StsProbe {
  private identity: Promise<Outcome<{ arn: string; account: string }>> | undefined;
  private assumed: Promise<Outcome<void>> | undefined;

  constructor(
    readonly credentials: AwsCredentials,
    /** AWS STS's own endpoint when undefined. */
    readonly endpoint: string | undefined,
  ) {}

  // Loaded on first use: the AWS SDK takes half a second to load, and most runs have no AWS keys.
  private async client(): Promise<{ sts: STSClient; sdk: typeof import('@aws-sdk/client-sts') }> {
    const sdk = await import('@aws-sdk/client-sts');
    const sts = new sdk.STSClient({
      region: 'us-east-1',
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      credentials: {
        accessKeyId: this.credentials.accessKeyId,
        secretAccessKey: this.credentials.secretAccessKey,
      },
      maxAttempts: 2,
    });
    return { sts, sdk };
  }

  callerIdentity(): Promise<Outcome<{ arn: string; account: string }>> {
    this.identity ??= outcomeOf(async () => {
      const { sts, sdk } = await this.client();
      const answer = await sts.send(new sdk.GetCallerIdentityCommand({}));
      return { arn: answer.Arn ?? '', account: answer.Account ?? '' };
    });
    return this.identity;
  }

  assumeRole(): Promise<Outcome<void>> {
    this.assumed ??= outcomeOf(async () => {
      const { sts, sdk } = await this.client();
      await sts.send(
        new sdk.AssumeRoleCommand({ RoleArn: this.credentials.roleArn, RoleSessionName: 'csm-doctor' }),
      );
    });
    return this.assumed;
  }
}

const notConfigured = (): Verdict =>
  skip(`no AWS access key or role stored for this account (${AWS_OPTIONAL_NOTE})`);

/** What AWS's SDK puts on a refused call: the error code as `name`, AWS's message, the HTTP status. */
function awsError(error: unknown): { code: string; message: string } {
  const e = error as { name?: string; Code?: string; message?: string; code?: string };
  return { code: e.Code ?? e.name ?? e.code ?? 'Error', message: e.message ?? String(error) };
}

/** `aws.format`: the stored AWS fields are of the form AWS issues. */
export async function checkAwsFormat(ctx: CheckContext, aws: AwsCredentials | undefined): Promise<Verdict> {
  if (!aws) return notConfigured();
  const problems = [
    checkAwsAccessKeyId(aws.accessKeyId),
    checkAwsSecretAccessKey(aws.secretAccessKey),
    checkRoleArn(aws.roleArn),
  ].filter((p) => p !== undefined);
  if (problems.length > 0) {
    return warn(
      `${problems.map((p) => p.problem).join('; ')} (${AWS_OPTIONAL_NOTE})`,
      `${problems.map((p) => p.fix).join(' ')} Then connect again: ${ctx.reconnect('--aws-access-key-id … --aws-secret-access-key … --role-arn …')}`,
    );
  }
  return pass(`access key id, secret access key and role ARN are well formed (${AWS_OPTIONAL_NOTE})`);
}

/** `aws.identity`: STS GetCallerIdentity with the stored keys (the IAM user and its access key). */
export async function checkAwsIdentity(ctx: CheckContext, sts: StsProbe | undefined): Promise<Verdict> {
  if (!sts) return notConfigured();
  const outcome = await sts.callerIdentity();
  if (outcome.ok) {
    const roleAccount = accountIdOfRoleArn(sts.credentials.roleArn);
    const note =
      roleAccount && roleAccount !== outcome.value.account
        ? `; the role is in another AWS account (${roleAccount}), so its trust policy must name this one`
        : '';
    return pass(
      `the access key belongs to ${outcome.value.arn} (AWS account ${outcome.value.account})${note}`,
    );
  }
  const { code, message } = awsError(outcome.error);
  const redo = `Redo ${guideStep('iamUser')}: create a new access key (IAM > Users > your user > Security credentials > Create access key)`;
  const store = `${ctx.storeSecret('aws-secret-access-key')}, and connect again if the key id changed`;
  if (code === 'SignatureDoesNotMatch') {
    return warn(
      `AWS STS refused the secret access key (SignatureDoesNotMatch): it is not the secret of access key ` +
        `${sts.credentials.accessKeyId}, or it was mistyped (${AWS_OPTIONAL_NOTE})`,
      `${redo}, or copy the secret again if you still have it; ${store}`,
    );
  }
  if (code === 'InvalidClientTokenId') {
    return warn(
      `AWS STS does not know access key ${sts.credentials.accessKeyId} (InvalidClientTokenId): the key was ` +
        `deleted, deactivated or mistyped (${AWS_OPTIONAL_NOTE})`,
      `${redo}; ${store}`,
    );
  }
  if (code === 'ExpiredToken') {
    return warn(
      `AWS STS says the credentials expired (ExpiredToken): temporary (ASIA…) keys last hours, not forever (${AWS_OPTIONAL_NOTE})`,
      `${redo}: store a long-term access key of the IAM user (AKIA…); ${store}`,
    );
  }
  return warn(
    `AWS STS GetCallerIdentity failed (${code}): ${message.slice(0, 300)} (${AWS_OPTIONAL_NOTE})`,
    sts.endpoint
      ? `Check that ${sts.endpoint} is an STS endpoint and reachable (--sts-endpoint, CSM_STS_ENDPOINT)`
      : 'Check the network to AWS STS, or give another endpoint with --sts-endpoint (CSM_STS_ENDPOINT)',
  );
}

/** `aws.assume-role`: STS AssumeRole on the stored role (its trust policy and the user's inline policy). */
export async function checkAwsAssumeRole(_ctx: CheckContext, sts: StsProbe | undefined): Promise<Verdict> {
  if (!sts) return notConfigured();
  const identity = await sts.callerIdentity();
  if (!identity.ok) return skip('the access key was refused first (see aws.identity)');
  const outcome = await sts.assumeRole();
  const role = sts.credentials.roleArn;
  if (outcome.ok) return pass(`the IAM user may assume ${role} (${AWS_OPTIONAL_NOTE})`);
  const { code, message } = awsError(outcome.error);
  const account = identity.value.account;
  const roleName = role.slice(role.lastIndexOf('/') + 1);
  // AWS tells the two missing policies apart only in the message; AccessDenied is their one code.
  if (code === 'AccessDenied' && /no resource-based policy allows/.test(message)) {
    return warn(
      `AWS STS refused AssumeRole on ${role} (AccessDenied, no resource-based policy allows it): the role's trust ` +
        `policy does not trust AWS account ${account}, or no role has that ARN (${AWS_OPTIONAL_NOTE})`,
      `Redo ${guideStep('iamRole')}: in IAM > Roles > ${roleName} > Trust relationships, trust account ${account} ` +
        `(csm iam-policy --account-id ${account} prints the trust policy), and check the role ARN`,
    );
  }
  if (code === 'AccessDenied' && /no identity-based policy allows/.test(message)) {
    return warn(
      `AWS STS refused AssumeRole on ${role} (AccessDenied, no identity-based policy allows it): the IAM user ` +
        `${identity.value.arn} has no policy allowing sts:AssumeRole on the role (${AWS_OPTIONAL_NOTE})`,
      `Redo ${guideStep('stsPolicy')}: add it as an inline policy of the user (IAM > Users > your user > Add ` +
        `permissions > Create inline policy; csm iam-policy --account-id ${account} --role-name ${roleName} ` +
        'prints it as userAssumeRolePolicy)',
    );
  }
  if (code === 'AccessDenied' && /explicit deny/.test(message)) {
    return warn(
      `AWS STS refused AssumeRole on ${role}: a Deny statement matches (${AWS_OPTIONAL_NOTE})`,
      `Remove the Deny on sts:AssumeRole from the user's policies or the role's trust policy (${guideStep('iamRole')}, ${guideStep('stsPolicy')})`,
    );
  }
  return warn(
    `AWS STS AssumeRole failed (${code}): ${message.slice(0, 300)} (${AWS_OPTIONAL_NOTE})`,
    `Check the role ARN against IAM > Roles > ${roleName} > Summary (${guideStep('iamRole')})`,
  );
}
