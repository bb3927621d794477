import type { Command } from 'commander';
import type { OperationKey } from '../../amazon/generated/operations.js';
import { createSpApiClient, isCsmApiError } from '../../index.js';
import { formatApiError } from '../api/format-error.js';
import { listOperations } from '../api/list-operations.js';
import { parseParams } from '../api/parse-params.js';
import { resolveCredentials } from '../api/resolve-credentials.js';
import { resolveOperation } from '../api/resolve-operation.js';
import { type CliContext, CliError } from '../context.js';

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
    .option('--region <na|eu|fe>', 'SP-API region when no endpoint is given (env CSM_REGION)', undefined)
    .option('--sandbox', "use Amazon's sandbox hosts")
    .option('--account <name>', 'use a stored account instead of the CSM_* environment variables')
    .option('--list', 'list every operation with rate, burst and whether it is grantless or restricted')
    .option('--json', 'with --list: print the list as JSON')
    .action(async (operation: string | undefined, flags: ApiFlags) => {
      if (flags.list) {
        context.stdout.write(listOperations(flags.json ? 'json' : 'text'));
        return;
      }
      if (!operation)
        throw new CliError('name an operation, e.g. `csm api getMarketplaceParticipations`, or use --list');
      const op = resolveOperation(operation);
      const request = parseParams(op, flags.param, flags.body);
      if (flags.allPages && !op.pagination) throw new CliError(`${op.key} does not page: drop --all-pages`);
      const credentials = resolveCredentials(flags, context.env);
      const client = createSpApiClient({
        clientId: credentials.clientId,
        clientSecret: credentials.clientSecret,
        ...(credentials.refreshToken ? { refreshToken: credentials.refreshToken } : {}),
        ...(credentials.endpoint
          ? { endpoint: credentials.endpoint, lwaEndpoint: `${credentials.endpoint}/auth/o2/token` }
          : { region: credentials.region }),
        sandbox: credentials.sandbox,
      });
      const key = op.key as OperationKey;
      try {
        if (flags.allPages) {
          for await (const page of client.paginate(key as never, request as never)) {
            context.stdout.write(`${JSON.stringify((page as { body: unknown }).body)}\n`);
          }
          return;
        }
        const response = await client.call(key, request as never);
        if (response.body !== undefined && response.body !== null) {
          context.stdout.write(`${JSON.stringify(response.body, null, 2)}\n`);
        } else {
          context.stderr.write(`csm api: ${op.key} answered ${response.status} with no body\n`);
        }
      } catch (error) {
        if (isCsmApiError(error)) {
          throw new CliError(formatApiError(op.key, error), error.kind === 'usage' ? 2 : 1);
        }
        throw error;
      }
    });
}
