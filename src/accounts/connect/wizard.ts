import type { Region } from '../../amazon/index.js';
import type { AccountKind } from '../account.js';
import { checkAccountName, checkSecretCreated, today } from '../account-fields.js';
import {
  checkApplicationId,
  checkAwsAccessKeyId,
  checkAwsSecretAccessKey,
  checkClientId,
  checkClientSecret,
  checkRefreshToken,
  checkRoleArn,
  checkSellerId,
  type FormatProblem,
} from '../credential-format.js';
import { AWS_OPTIONAL_NOTE } from '../setup-guide.js';
import { whereToFind } from '../where-to-find.js';
import type { ConnectRequest } from './connect-request.js';
import type { Authorization } from './oauth/authorize-in-browser.js';

/** The terminal the wizard talks through: prompts are drawn on `output` (stderr), keys read from `input`. */
export interface WizardTerminal {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
}

/** What the wizard starts from (flags and `CSM_*` variables already given); each is a prompt's default. */
export interface WizardDefaults {
  readonly name?: string | undefined;
  readonly kind?: AccountKind | undefined;
  readonly region?: Region | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly secretCreated?: string | undefined;
  readonly refreshToken?: string | undefined;
  readonly applicationId?: string | undefined;
  readonly sellerId?: string | undefined;
  readonly redirectUri?: string | undefined;
  readonly draft?: boolean | undefined;
  /** Settings the wizard does not ask for. */
  readonly endpoint?: string | undefined;
  readonly regionEndpoints?: ConnectRequest['regionEndpoints'];
  readonly sandbox?: boolean | undefined;
}

/** What the wizard needs besides the terminal. */
export interface WizardDeps {
  readonly now: number;
  /** Runs the browser authorization (csm connect --oauth's flow) with the answers given so far. */
  authorize(settings: {
    applicationId: string;
    clientId: string;
    clientSecret: string;
    kind: AccountKind;
    region: Region;
    draft: boolean;
    redirectUri: string;
    askForRedirect: (message: string) => Promise<string>;
  }): Promise<Authorization>;
}

const REGION_CHOICES = [
  { value: 'na', name: 'na: North America (United States, Canada, Mexico, Brazil)' },
  { value: 'eu', name: 'eu: Europe, Middle East, India (UK, Germany, France, Italy, Spain, …)' },
  { value: 'fe', name: 'fe: Far East (Japan, Australia, Singapore)' },
] as const;

/** A prompt's `validate`: true, or the problem and fix of the value's format check. */
const valid =
  (check: (value: string) => FormatProblem | undefined, optional = false) =>
  (value: string): true | string => {
    if (optional && value.trim() === '') return true;
    const problem = check(value);
    return problem ? `${problem.problem}. ${problem.fix}` : true;
  };

/**
 * `csm connect`'s questions, one step each with a one-line explanation quoting where the value is found in
 * Seller Central or Vendor Central. Secrets are typed masked. Every answer is format-checked as it is
 * typed, so a malformed value is named before anything is sent. Returns the request `connectAccount`
 * checks with Amazon and stores.
 */
export async function runWizard(
  terminal: WizardTerminal,
  defaults: WizardDefaults,
  deps: WizardDeps,
): Promise<ConnectRequest> {
  // Loaded here: only the wizard needs it, and every csm command would pay for loading it.
  const { confirm, input, password, select } = await import('@inquirer/prompts');
  const ctx = { input: terminal.input, output: terminal.output };
  const explain = (text: string) => terminal.output.write(`\n  ${text}\n`);

  terminal.output.write(
    'csm connect: connects a seller or vendor account. Secrets are checked with Amazon, then stored encrypted.\n',
  );

  explain('A short name for this account; commands take it as --account NAME.');
  const name = await input(
    { message: 'Account name', default: defaults.name ?? 'main', validate: valid(checkAccountName) },
    ctx,
  );

  explain('Seller Central accounts sell on Amazon; Vendor Central accounts sell to Amazon.');
  const kind = await select<AccountKind>(
    {
      message: 'Kind of account',
      choices: [
        { value: 'seller', name: 'seller (Seller Central)' },
        { value: 'vendor', name: 'vendor (Vendor Central)' },
      ],
      default: defaults.kind ?? 'seller',
    },
    ctx,
  );
  const where = whereToFind(kind);

  explain(`The region where the account sells: one authorization covers every marketplace of that region.`);
  const region = await select<Region>(
    { message: 'Region', choices: REGION_CHOICES.map((c) => ({ ...c })), default: defaults.region ?? 'na' },
    ctx,
  );

  explain(`Found at ${where.lwaCredentials}: "Client identifier" (amzn1.application-oa2-client.…).`);
  const clientId = (
    await input(
      { message: 'LWA client id', default: defaults.clientId ?? '', validate: valid(checkClientId) },
      ctx,
    )
  ).trim();

  explain(`Found beside it: "Client secret" (amzn1.oa2-cs.v1.…). Typing is hidden.`);
  const clientSecret = defaults.clientSecret
    ? defaults.clientSecret
    : await password({ message: 'LWA client secret', mask: '*', validate: valid(checkClientSecret) }, ctx);

  explain(
    'The day that secret was created or last rotated: Amazon makes it expire after 180 days, and csm warns 30 days before. Empty if unknown.',
  );
  const secretCreated = (
    await input(
      {
        message: 'Secret created on (YYYY-MM-DD)',
        default: defaults.secretCreated ?? today(deps.now),
        validate: valid((v) => checkSecretCreated(v, deps.now), true),
      },
      ctx,
    )
  ).trim();

  let refreshToken = defaults.refreshToken;
  let authorizedSellerId: string | undefined;
  let applicationId = defaults.applicationId;
  if (!refreshToken) {
    explain(
      'The refresh token lets csm act for the account. Self-authorization shows one; the browser flow fetches one.',
    );
    const how = await select<'paste' | 'oauth'>(
      {
        message: 'How to get the refresh token',
        choices: [
          { value: 'paste', name: `paste it (self-authorization: ${where.selfAuthorize})` },
          { value: 'oauth', name: `authorize in the browser (website authorization, ${where.central})` },
        ],
        default: 'paste',
      },
      ctx,
    );
    if (how === 'paste') {
      explain(`Found at ${where.selfAuthorize}: it starts with Atzr|. Typing is hidden.`);
      refreshToken = await password(
        { message: 'Refresh token', mask: '*', validate: valid(checkRefreshToken) },
        ctx,
      );
    } else {
      explain(`Found at ${where.applicationId}.`);
      applicationId = (
        await input(
          { message: 'App ID', default: applicationId ?? '', validate: valid(checkApplicationId) },
          ctx,
        )
      ).trim();
      explain(
        'An app in Draft status is authorized with version=beta in the consent URL (Amazon shows MD1000 otherwise).',
      );
      const draft = await confirm(
        { message: 'Is the app still a Draft?', default: defaults.draft ?? false },
        ctx,
      );
      explain(
        `One of the app's OAuth redirect URIs (${where.app} > Edit App). csm listens on a loopback http:// one; for any other, you paste the address the browser lands on.`,
      );
      const redirectUri = (
        await input(
          {
            message: 'Redirect URI',
            default:
              defaults.redirectUri ??
              (defaults.endpoint || defaults.regionEndpoints ? 'http://127.0.0.1:0/callback' : ''),
            validate: (v) =>
              URL.canParse(v.trim()) ? true : 'Give an absolute URL, e.g. https://localhost/csm-callback',
          },
          ctx,
        )
      ).trim();
      const authorization = await deps.authorize({
        applicationId,
        clientId,
        clientSecret,
        kind,
        region,
        draft,
        redirectUri,
        askForRedirect: (message) => input({ message }, ctx),
      });
      refreshToken = authorization.refreshToken;
      authorizedSellerId = authorization.sellerId;
    }
  }

  let sellerId: string | undefined;
  if (kind === 'seller') {
    explain(
      `The seller id (Merchant Token), at ${where.sellerId}. No SP-API call returns it for your own account; listings calls need it. Empty to add it later.`,
    );
    sellerId = (
      await input(
        {
          message: 'Seller id',
          default: defaults.sellerId ?? authorizedSellerId ?? '',
          validate: valid(checkSellerId, true),
        },
        ctx,
      )
    ).trim();
  }

  explain(`AWS keys and an IAM role from the old setup guide are ${AWS_OPTIONAL_NOTE}.`);
  const withAws = await confirm({ message: 'Check and store legacy AWS keys too?', default: false }, ctx);
  let aws: ConnectRequest['aws'];
  if (withAws) {
    explain('Found in the AWS console at IAM > Users > your user > Security credentials (AKIA…).');
    const accessKeyId = (
      await input({ message: 'AWS access key id', validate: valid(checkAwsAccessKeyId) }, ctx)
    ).trim();
    explain('Shown once when the access key was created. Typing is hidden.');
    const secretAccessKey = await password(
      { message: 'AWS secret access key', mask: '*', validate: valid(checkAwsSecretAccessKey) },
      ctx,
    );
    explain('Found at IAM > Roles > your role > Summary: ARN (arn:aws:iam::<account>:role/<name>).');
    const roleArn = (await input({ message: 'IAM role ARN', validate: valid(checkRoleArn) }, ctx)).trim();
    aws = { accessKeyId, secretAccessKey, roleArn };
  }

  return {
    name: name.trim(),
    kind,
    region,
    clientId,
    clientSecret,
    refreshToken,
    ...(secretCreated ? { secretCreated } : {}),
    ...(applicationId ? { applicationId } : {}),
    ...(sellerId ? { sellerId } : {}),
    ...(defaults.endpoint ? { endpoint: defaults.endpoint } : {}),
    ...(defaults.regionEndpoints ? { regionEndpoints: defaults.regionEndpoints } : {}),
    sandbox: defaults.sandbox ?? false,
    ...(aws ? { aws } : {}),
  };
}
