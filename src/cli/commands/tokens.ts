import type { Command } from 'commander';
import { Option } from 'commander';
import { createToken, listTokens, revokeToken } from '../../http/auth/api-tokens.js';
import { audit } from '../../http/auth/audit-log.js';
import { isAuthInputError } from '../../http/auth/auth-error.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { cliActor, withAuthStore } from './auth-store.js';
import { listOf, table } from './users.js';

interface CreateFlags {
  readonly name: string;
  readonly scope: 'read' | 'write';
  readonly pii?: boolean;
  readonly accounts?: string;
}

/**
 * `csm tokens`: API tokens for machines (`Authorization: Bearer TOKEN`). `create` prints the token once,
 * alone on the last line of stdout (what it is goes to stderr); the store keeps only its SHA-256.
 */
export function registerTokensCommand(program: Command, context: CliContext): void {
  const tokens = program
    .command('tokens')
    .description('REST API tokens: create one, list them, revoke one (see docs/http-api.md)');

  tokens
    .command('create')
    .description('create an API token; it is printed once, alone on the last line of stdout')
    .requiredOption('--name <name>', 'what the token is for (an ERP, a script)')
    .addOption(
      new Option(
        '--scope <scope>',
        'read: GET only; write: also acknowledgements, shipments, stock, prices, syncs',
      )
        .choices(['read', 'write'])
        .makeOptionMandatory(),
    )
    .option('--pii', 'may reveal buyer and recipient data (GET /api/v1/orders/ID?reveal=pii; audit-logged)')
    .option(
      '--accounts <names>',
      'limit the token to these accounts, comma-separated (default: every account)',
    )
    .action(async (flags: CreateFlags) => {
      const accounts = flags.accounts === undefined ? [] : listOf(flags.accounts, '--accounts');
      await withAuthStore(context, async (db) => {
        const created = await createToken(db, {
          name: flags.name,
          scope: flags.scope,
          pii: flags.pii === true,
          accounts,
        }).catch((error: unknown) => {
          throw isAuthInputError(error) ? new CliError(`--${error.field}: ${error.message}`) : error;
        });
        await audit(
          db,
          cliActor(context),
          {
            action: 'token.create',
            detail: { token: flags.name, scope: flags.scope, pii: created.view.pii },
          },
          new Date(realClock.now()),
        );
        context.stderr.write(
          `created ${flags.scope} token ${flags.name} (${created.view.pii ? 'pii, ' : ''}accounts: ${created.view.accounts?.join(', ') ?? 'all'}); ` +
            'it is shown this once: store it now\n',
        );
        context.stdout.write(`${created.token}\n`);
      });
    });

  tokens
    .command('list')
    .description('list the API tokens (never the tokens themselves)')
    .option('--json', 'one JSON object per line')
    .action(async (flags: { json?: boolean }) => {
      await withAuthStore(context, async (db) => {
        const all = await listTokens(db);
        if (flags.json) {
          for (const token of all) context.stdout.write(`${JSON.stringify(token)}\n`);
          return;
        }
        if (all.length === 0) {
          context.stderr.write('no tokens yet: create one with csm tokens create --name NAME --scope read\n');
          return;
        }
        const rows = [
          ['NAME', 'SCOPE', 'PII', 'ACCOUNTS', 'CREATED', 'LAST USED', 'REVOKED'],
          ...all.map((t) => [
            t.name,
            t.scope,
            t.pii ? 'yes' : '-',
            t.accounts?.join(',') ?? 'all',
            t.createdAt,
            t.lastUsedAt ?? '-',
            t.revokedAt ?? '-',
          ]),
        ];
        context.stdout.write(table(rows));
      });
    });

  tokens
    .command('revoke')
    .description('revoke an API token: requests with it get 401 from now on')
    .requiredOption('--name <name>', 'the token')
    .action(async (flags: { name: string }) => {
      await withAuthStore(context, async (db) => {
        const now = new Date(realClock.now());
        if (!(await revokeToken(db, flags.name, now))) {
          const live = (await listTokens(db)).filter((t) => !t.revokedAt).map((t) => t.name);
          throw new CliError(
            `no live token is named '${flags.name}'; live tokens: ${live.join(', ') || 'none'}`,
          );
        }
        await audit(db, cliActor(context), { action: 'token.revoke', detail: { token: flags.name } }, now);
        context.stdout.write(`revoked token ${flags.name}\n`);
      });
    });
}
