import { checkAccountName, checkSecretCreated } from '../../accounts/account-fields.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import { type ConnectRequest, connectRequestProblems } from '../../accounts/connect/connect-request.js';
import {
  checkAwsAccessKeyId,
  checkAwsSecretAccessKey,
  checkClientId,
  checkClientSecret,
  checkRefreshToken,
  checkRoleArn,
  checkSellerId,
  type FormatProblem,
} from '../../accounts/credential-format.js';
import type { ProbeOptions } from '../../accounts/doctor/account-probe.js';
import { checkAccount } from '../../accounts/doctor/check-account.js';
import type { CheckId, CheckResult } from '../../accounts/doctor/check-result.js';
import { parseBaseUrl } from '../../accounts/region-endpoints.js';
import { REGIONS, type Region } from '../../amazon/index.js';

/**
 * The Connect wizard's steps, in order, as `csm connect` asks: the account, the app's LWA credentials, the
 * seller's authorization (checked live with Amazon), the optional legacy AWS keys (checked live with STS).
 */
export const CONNECT_STEPS = ['account', 'app', 'authorization', 'aws'] as const;
export type ConnectStep = (typeof CONNECT_STEPS)[number];

/** What the wizard has been given so far: every field is text, as typed. */
export interface ConnectValues {
  readonly name?: string;
  readonly kind?: string;
  readonly region?: string;
  /** The emulator's (or a test double's) base URL instead of Amazon's hosts. */
  readonly endpoint?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly secretCreated?: string;
  readonly refreshToken?: string;
  readonly sellerId?: string;
  readonly awsAccessKeyId?: string;
  readonly awsSecretAccessKey?: string;
  readonly roleArn?: string;
}

/** A live check's result, with the step whose values it judges (the wizard shows it there). */
export interface StepCheck extends Omit<CheckResult, 'account'> {
  readonly step: ConnectStep;
}

/** What one step's validation found: malformed values by field, then what Amazon said. */
export interface StepVerdict {
  readonly step: ConnectStep;
  /** No problem and no failed check: the wizard may go on. */
  readonly ok: boolean;
  readonly problems: readonly StepProblem[];
  readonly checks: readonly StepCheck[];
}

/** A malformed value, with the wizard's input it was typed in. */
export interface StepProblem extends FormatProblem {
  readonly input: keyof ConnectValues | undefined;
}

/** The wizard's input of each field a format check names. */
const FIELD_INPUT: Readonly<Record<string, keyof ConnectValues>> = {
  'account name': 'name',
  kind: 'kind',
  region: 'region',
  endpoint: 'endpoint',
  'LWA client id': 'clientId',
  'LWA client secret': 'clientSecret',
  'secret creation date': 'secretCreated',
  'refresh token': 'refreshToken',
  'seller id': 'sellerId',
  'AWS access key id': 'awsAccessKeyId',
  'AWS secret access key': 'awsSecretAccessKey',
  'IAM role ARN': 'roleArn',
};

/** What the steps' validation needs: the stored accounts (for the name) and the probe's clock. */
export interface ConnectStepDeps extends ProbeOptions {
  readonly accounts: AccountRepository;
}

/** Which step's values each live check judges. */
const CHECK_STEP: Partial<Record<CheckId, ConnectStep>> = {
  'lwa.client': 'app',
  'secret.age': 'app',
  'lwa.refresh-token': 'authorization',
  region: 'authorization',
  marketplaces: 'authorization',
  'aws.identity': 'aws',
  'aws.assume-role': 'aws',
};

/** The live checks run when a step is validated: the authorization's are `csm connect`'s. */
const LIVE_CHECKS: Partial<Record<ConnectStep, readonly CheckId[]>> = {
  authorization: ['lwa.client', 'lwa.refresh-token', 'region', 'marketplaces', 'secret.age'],
  aws: ['aws.identity', 'aws.assume-role'],
};

/**
 * Validates one step with the values given up to it: the format checks of its fields first (nothing is
 * sent while one is malformed), then, for the authorization and AWS steps, the same live checks as
 * `csm connect`. Nothing is stored.
 */
export async function validateConnectStep(
  step: ConnectStep,
  values: ConnectValues,
  deps: ConnectStepDeps,
): Promise<StepVerdict> {
  const problems = (await formatProblems(step, values, deps)).map((p) => ({
    ...p,
    input: FIELD_INPUT[p.field],
  }));
  const live = LIVE_CHECKS[step];
  if (problems.length > 0 || !live || (step === 'aws' && !values.awsAccessKeyId)) {
    return { step, ok: problems.length === 0, problems, checks: [] };
  }
  const request = connectRequest(values);
  const { results } = await checkAccount(
    {
      ...request,
      applicationId: undefined,
      sellerId: request.sellerId,
      endpoint: request.endpoint,
      regionEndpoints: undefined,
      sandbox: false,
      secretCreated: request.secretCreated,
      marketplaces: [],
      aws: request.aws && { accessKeyId: request.aws.accessKeyId, roleArn: request.aws.roleArn },
    },
    {
      clientSecret: request.clientSecret,
      refreshToken: request.refreshToken,
      awsSecretAccessKey: request.aws?.secretAccessKey,
    },
    { ...probeOptions(deps), mode: 'connect', only: live },
  );
  const checks = results.map(({ account: _account, ...result }) => ({
    ...result,
    step: CHECK_STEP[result.id] ?? step,
  }));
  return { step, ok: !checks.some((c) => c.status === 'fail'), problems, checks };
}

/** The request `connectAccount` takes, from the wizard's values (checked by `validateConnectStep`). */
export function connectRequest(values: ConnectValues): ConnectRequest {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const endpoint = text(values.endpoint);
  const parsed = endpoint ? parseBaseUrl(endpoint, 'endpoint') : undefined;
  const accessKeyId = text(values.awsAccessKeyId);
  return {
    name: values.name?.trim() ?? '',
    kind: values.kind === 'vendor' ? 'vendor' : 'seller',
    region: regionOf(values.region) ?? 'na',
    clientId: values.clientId?.trim() ?? '',
    clientSecret: values.clientSecret ?? '',
    refreshToken: values.refreshToken ?? '',
    sellerId: values.kind === 'vendor' ? undefined : text(values.sellerId),
    secretCreated: text(values.secretCreated),
    endpoint: parsed && 'url' in parsed ? parsed.url : undefined,
    sandbox: false,
    aws: accessKeyId
      ? {
          accessKeyId,
          secretAccessKey: values.awsSecretAccessKey ?? '',
          roleArn: values.roleArn?.trim() ?? '',
        }
      : undefined,
  };
}

/** Every format problem of the steps up to `step` (a later step's values are judged with the earlier ones). */
async function formatProblems(
  step: ConnectStep,
  values: ConnectValues,
  deps: ConnectStepDeps,
): Promise<FormatProblem[]> {
  const upTo = CONNECT_STEPS.slice(0, CONNECT_STEPS.indexOf(step) + 1);
  const now = deps.clock.now();
  const problems: (FormatProblem | undefined)[] = [];
  const optional = (value: string | undefined, check: (v: string) => FormatProblem | undefined) =>
    value?.trim() ? check(value.trim()) : undefined;
  if (upTo.includes('account')) {
    const name = values.name?.trim() ?? '';
    const malformed = checkAccountName(name);
    problems.push(malformed);
    if (!malformed && (await deps.accounts.find(name))) {
      problems.push({
        field: 'account name',
        problem: `an account named ${name} is stored already`,
        fix: 'Choose another name, or remove the stored one first (csm accounts remove NAME).',
      });
    }
    if (values.kind !== 'seller' && values.kind !== 'vendor') {
      problems.push({
        field: 'kind',
        problem: 'the kind is not seller or vendor',
        fix: 'Choose seller or vendor.',
      });
    }
    if (!regionOf(values.region)) {
      problems.push({
        field: 'region',
        problem: `the region is not one of ${REGIONS.join(', ')}`,
        fix: 'Choose the region where the account sells.',
      });
    }
    const endpoint = values.endpoint?.trim();
    if (endpoint) {
      const parsed = parseBaseUrl(endpoint, 'endpoint');
      if ('problem' in parsed) problems.push(parsed.problem);
    }
  }
  if (upTo.includes('app')) {
    problems.push(checkClientId(values.clientId?.trim() ?? ''));
    problems.push(checkClientSecret(values.clientSecret ?? ''));
    problems.push(optional(values.secretCreated, (v) => checkSecretCreated(v, now)));
  }
  if (upTo.includes('authorization')) {
    problems.push(checkRefreshToken(values.refreshToken ?? ''));
    if (values.kind !== 'vendor') problems.push(optional(values.sellerId, checkSellerId));
  }
  if (upTo.includes('aws') && values.awsAccessKeyId?.trim()) {
    problems.push(checkAwsAccessKeyId(values.awsAccessKeyId.trim()));
    problems.push(checkAwsSecretAccessKey(values.awsSecretAccessKey ?? ''));
    problems.push(checkRoleArn(values.roleArn?.trim() ?? ''));
  }
  const found = problems.filter((p): p is FormatProblem => p !== undefined);
  // The whole request's own check as well, so the wizard never accepts what connect would refuse.
  if (step === 'aws' && found.length === 0)
    found.push(...connectRequestProblems(connectRequest(values), now));
  return found;
}

function regionOf(value: string | undefined): Region | undefined {
  return REGIONS.find((r) => r === value);
}

function probeOptions(deps: ConnectStepDeps): ProbeOptions {
  const { accounts: _accounts, ...options } = deps;
  return options;
}
