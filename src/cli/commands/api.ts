import type { Command } from 'commander';
import { createSpApiClient, isCsmApiError, type SpApiClientOptions } from '../../index.js';
import { callLimits, waitNotice } from '../api/call-limits.js';
import { formatApiError } from '../api/format-error.js';
import { listOperations } from '../api/list-operations.js';
import { pages } from '../api/pages.js';
import { parseParams } from '../api/parse-params.js';
import { type ResolvedOperation, resolveOperation } from '../api/resolve-operation.js';
import { CliError } from '../cli-error.js';
import type { CliConfig } from '../config/cli-config.js';
import { resolveConfig } from '../config/resolve-config.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';

interface ApiFlags {
  param: string[];
  body?: string;
  allPages?: boolean;
  endpoint?: string;
  account?: string;
  region?: string;
  sandbox?: boolean;
  list?: boolean;
  json?: boolean;
  timeout?: string;
  rateScale?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `csm api <operation>`: calls one SP-API operation and prints Amazon's response body as JSON on stdout
 * (with `--all-pages`, one JSON line per page). Diagnoses go to stderr.
 */
export function registerApiCommand(program: Command, context: CliContext): void {
  program
    .command('api')
    .description('call one SP-API operation by its operationId and print the response body as JSON')
    .argument('[operation]', 'operationId, with @version where two APIs share it (getOrder@2026-01-01)')
    .option(
      '-p, --param <name=value>',
      'path, query or header parameter; arrays comma-separated (repeatable)',
      collect,
      [],
    )
    .option('--body <json|@file>', 'request body as JSON, or @path to a JSON file')
    .option('--all-pages', 'follow NextToken / paginationToken and print each page as one JSON line (NDJSON)')
    .option('--endpoint <url>', 'one base URL for LWA and SP-API, e.g. the emulator (env CSM_ENDPOINT)')
    .option('--region <na|eu|fe>', 'SP-API region when no endpoint is given (env CSM_REGION, default na)')
    .option('--sandbox', "use Amazon's sandbox hosts")
    .option('--account <name>', 'use a stored account instead of the CSM_* environment variables')
    .option('--list', 'list every operation with rate, burst and whether it is grantless or restricted')
    .option('--json', 'with --list: print the list as JSON')
    .option('--timeout <seconds>', "the call's deadline; each attempt gets at most 30 s of it (default 120)")
    .option('--rate-scale <x>', "the client's rate scale: the emulator's --rate-scale (default 1)")
    .action(async (operation: string | undefined, flags: ApiFlags) => {
      if (flags.list) {
        context.stdout.write(listOperations(flags.json ? 'json' : 'text'));
        return;
      }
      if (flags.json) throw new CliError('--json goes with --list only: operation bodies are always JSON');
      if (operation === undefined)
        throw new CliError('name an operation, e.g. `csm api getMarketplaceParticipations`, or use --list');
      const op = resolveOperation(operation);
      const request = parseParams(op.spec, flags.param, flags.body);
      if (flags.allPages && !op.spec.pagination)
        throw new CliError(`${op.key} does not page: drop --all-pages`);
      const limits = callLimits(flags);
      const config = await resolveConfig({ flags, env: context.env, accounts: context.accounts });
      requireAuthorization(op, config);
      const client = createSpApiClient({ ...clientOptions(config), ...limits });
      // Nothing waits in silence: a wait longer than 5 s is said on stderr before it begins.
      client.on('wait', (event) => {
        const notice = waitNotice(event);
        if (notice) context.stderr.write(notice);
      });
      try {
        if (flags.allPages) {
          for await (const page of pages(client, op.key, op.spec, request)) {
            context.stdout.write(`${JSON.stringify(page.body)}\n`);
            // Wait for the reader before fetching the next page; a closed pipe stops here.
            await context.stdout.flush();
          }
          return;
        }
        const response = await client.call(op.key, request);
        if (response.body !== undefined && response.body !== null) {
          context.stdout.write(`${JSON.stringify(response.body, null, 2)}\n`);
        } else {
          context.stderr.write(`csm api: ${op.key} answered ${response.status} with no body\n`);
        }
      } catch (error) {
        if (isCsmApiError(error)) {
          throw new CliError(
            formatApiError(op.key, error),
            error.kind === 'usage' ? ExitCode.usage : ExitCode.failed,
          );
        }
        throw error;
      }
    });
}

/** A call that acts for a seller needs the seller's refresh token; say which setting is missing. */
function requireAuthorization({ key, spec }: ResolvedOperation, config: CliConfig): void {
  if (spec.grantless || config.refreshToken !== undefined) return;
  const missing =
    config.credentials.from === 'account'
      ? `account ${config.credentials.name} has no refresh token: reconnect the account`
      : "CSM_REFRESH_TOKEN is not set: export the seller's refresh token (Atzr|…) from the app's authorization";
  throw new CliError(
    `${key} acts for a seller, and ${missing}; only grantless operations run without one (csm api --list)`,
  );
}

function clientOptions(config: CliConfig): SpApiClientOptions {
  return {
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    ...(config.refreshToken ? { refreshToken: config.refreshToken } : {}),
    ...(config.endpoint
      ? { endpoint: config.endpoint, lwaEndpoint: `${config.endpoint}/auth/o2/token` }
      : { region: config.region }),
    sandbox: config.sandbox,
  };
}
