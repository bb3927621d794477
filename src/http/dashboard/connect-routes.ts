import { isAccountError } from '../../accounts/account-error.js';
import { AccountRepository } from '../../accounts/account-repository.js';
import { connectAccount } from '../../accounts/connect/connect-account.js';
import { isConnectError } from '../../accounts/connect/connect-error.js';
import { realClock } from '../../time/clock.js';
import type { HttpPlugin } from '../http-deps.js';
import { ERROR_SCHEMA, HttpError } from '../http-error.js';
import {
  CONNECT_STEPS,
  type ConnectStep,
  type ConnectValues,
  connectRequest,
  validateConnectStep,
} from './connect-steps.js';

const text = (description: string) => ({ type: 'string', maxLength: 4096, description }) as const;

/** What every step and the final connect take: the wizard's values so far, as typed. */
const VALUES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    name: text('the account name commands use'),
    kind: { type: 'string', enum: ['seller', 'vendor'] },
    region: { type: 'string', enum: ['na', 'eu', 'fe'] },
    endpoint: text("a base URL instead of Amazon's hosts (the emulator's)"),
    clientId: text('LWA client identifier'),
    clientSecret: text('LWA client secret (never stored before the checks pass, never answered)'),
    secretCreated: text('YYYY-MM-DD'),
    refreshToken: text('the seller’s refresh token'),
    sellerId: text('Merchant Token'),
    awsAccessKeyId: text('legacy AWS access key id'),
    awsSecretAccessKey: text('legacy AWS secret access key'),
    roleArn: text('legacy IAM role ARN'),
    _csrf: { type: 'string' },
  },
} as const;

const CHECK_SCHEMA = {
  type: 'object',
  required: ['id', 'step', 'status', 'cause', 'fix'],
  properties: {
    id: { type: 'string' },
    step: { type: 'string', enum: [...CONNECT_STEPS] },
    status: { type: 'string', enum: ['pass', 'warn', 'fail', 'skip'] },
    cause: { type: 'string' },
    fix: { type: 'string' },
  },
} as const;

const VERDICT_SCHEMA = {
  type: 'object',
  required: ['step', 'ok', 'problems', 'checks'],
  properties: {
    step: { type: 'string', enum: [...CONNECT_STEPS] },
    ok: { type: 'boolean' },
    problems: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'problem', 'fix'],
        properties: {
          field: { type: 'string' },
          input: { type: 'string' },
          problem: { type: 'string' },
          fix: { type: 'string' },
        },
      },
    },
    checks: { type: 'array', items: CHECK_SCHEMA },
  },
} as const;

const ACCOUNT_SCHEMA = {
  type: 'object',
  required: ['name', 'kind', 'region', 'marketplaces'],
  properties: {
    name: { type: 'string' },
    kind: { type: 'string' },
    region: { type: 'string' },
    sellerId: { type: ['string', 'null'] },
    marketplaces: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string' }, countryCode: { type: 'string' }, name: { type: 'string' } },
      },
    },
  },
} as const;

const STEP_ROUTE_SCHEMA = {
  tags: ['connect'],
  summary: "Validates one step of the Connect wizard (formats, then csm connect's live checks)",
  params: {
    type: 'object',
    required: ['step'],
    properties: { step: { type: 'string', enum: [...CONNECT_STEPS] } },
  },
  body: VALUES_SCHEMA,
  response: { 200: VERDICT_SCHEMA, 400: ERROR_SCHEMA, 403: ERROR_SCHEMA, 409: ERROR_SCHEMA },
};

const ACCOUNTS_ROUTE_SCHEMA = {
  tags: ['connect'],
  summary: 'Connects an account as csm connect does: every check, then stored encrypted',
  body: VALUES_SCHEMA,
  response: {
    201: {
      type: 'object',
      required: ['account', 'checks'],
      properties: { account: ACCOUNT_SCHEMA, checks: { type: 'array', items: CHECK_SCHEMA } },
    },
    400: ERROR_SCHEMA,
    403: ERROR_SCHEMA,
    409: ERROR_SCHEMA,
  },
};

/**
 * The Connect wizard's routes (under `/api/v1/connect`), for admins only:
 *
 * - `POST /steps/{step}`: validates one step with the values given so far: formats first, then the live
 *   checks of `csm connect` for the authorization (LWA, region, marketplaces) and the legacy AWS keys.
 *   Answers 200 with `{ step, ok, problems, checks }` whether or not they pass; stores nothing.
 * - `POST /accounts`: `connectAccount`, as `csm connect --non-interactive`: every check again, then the
 *   account is stored with its secrets sealed; 201 `{ account, checks }`, or 400 `VALIDATION_FAILED`
 *   naming each failed check and its fix, or 409 `CONFLICT` when the name is taken.
 */
export const connectRoutes: HttpPlugin = async (app, deps) => {
  const clock = deps.clock ?? realClock;
  const repository = () => {
    if (!deps.vault) {
      throw new HttpError('CONFLICT', 'this csm has no vault open: accounts cannot be connected here');
    }
    return new AccountRepository(deps.db, deps.vault);
  };
  app.addHook('preHandler', async (request) => {
    if (!request.principal?.admin) {
      throw new HttpError('FORBIDDEN', 'only an admin connects accounts (csm users add --admin)');
    }
  });

  app.post<{ Params: { step: ConnectStep }; Body: ConnectValues }>(
    '/steps/:step',
    {
      schema: STEP_ROUTE_SCHEMA,
    },
    async (request) =>
      validateConnectStep(request.params.step, request.body, { accounts: repository(), clock }),
  );

  app.post<{ Body: ConnectValues }>(
    '/accounts',
    {
      schema: ACCOUNTS_ROUTE_SCHEMA,
    },
    async (request, reply) => {
      const accounts = repository();
      const verdict = await validateConnectStep('aws', request.body, { accounts, clock });
      const problem = verdict.problems[0];
      if (problem) {
        throw new HttpError('VALIDATION_FAILED', `${problem.problem}. ${problem.fix}`, {
          field: problem.input ?? 'body',
        });
      }
      try {
        const { account, checks } = await connectAccount(accounts, connectRequest(request.body), { clock });
        return reply.code(201).send({
          account: {
            name: account.name,
            kind: account.kind,
            region: account.region,
            sellerId: account.sellerId ?? null,
            marketplaces: account.marketplaces.map((m) => ({
              id: m.id,
              countryCode: m.countryCode,
              name: m.name,
            })),
          },
          checks: checks.map(({ account: _account, ...check }) => ({ ...check, step: stepOf(check.id) })),
        });
      } catch (error) {
        if (isConnectError(error))
          throw new HttpError('VALIDATION_FAILED', error.message, { field: 'checks' });
        if (isAccountError(error)) {
          throw new HttpError(
            error.code === 'ACCOUNT_EXISTS' ? 'CONFLICT' : 'VALIDATION_FAILED',
            error.message,
            {
              field: error.code === 'ACCOUNT_EXISTS' ? 'name' : 'body',
            },
          );
        }
        throw error;
      }
    },
  );
};

function stepOf(id: string): ConnectStep {
  if (id.startsWith('aws.')) return 'aws';
  return id === 'lwa.client' || id === 'secret.age' ? 'app' : 'authorization';
}
