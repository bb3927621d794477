import type { Command } from 'commander';
// The auth modules alone, not src/http/index.js: every csm command loads this file, and fastify is slow to load.
import { audit } from '../../http/auth/audit-log.js';
import { isAuthInputError } from '../../http/auth/auth-error.js';
import { addUser, listUsers, type UserView } from '../../http/auth/users.js';
import { realClock } from '../../time/clock.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { cliActor, readPasswordStdin, withAuthStore } from './auth-store.js';

interface AddFlags {
  readonly admin?: boolean;
  readonly pii?: boolean;
  readonly accounts?: string;
  readonly passwordStdin?: boolean;
}

/**
 * `csm users`: who may sign in to the dashboard (docs/http-api.md#users-and-tokens). `add` takes the
 * password from a hidden prompt in a terminal, or from stdin with `--password-stdin` (never an argument,
 * which shell history and `ps` would show); `list` prints the users.
 */
export function registerUsersCommand(program: Command, context: CliContext): void {
  const users = program
    .command('users')
    .description('dashboard users: add one, list them (see docs/http-api.md)');

  users
    .command('add <name>')
    .description('add a dashboard user (the password is asked for, or read from stdin)')
    .option('--admin', 'may manage users and tokens')
    .option('--pii', 'may reveal buyer and recipient data (each reveal is audit-logged)')
    .option(
      '--accounts <names>',
      'limit the user to these accounts, comma-separated (default: every account)',
    )
    .option('--password-stdin', 'read the password from stdin (first line) instead of a prompt')
    .action(async (name: string, flags: AddFlags) => {
      const accounts = flags.accounts === undefined ? [] : listOf(flags.accounts, '--accounts');
      const password = flags.passwordStdin ? await readPasswordStdin(context) : await promptPassword(context);
      await withAuthStore(context, async (db) => {
        const user = await addUser(db, {
          name,
          password,
          admin: flags.admin === true,
          pii: flags.pii === true,
          accounts,
        }).catch((error: unknown) => {
          throw isAuthInputError(error)
            ? new CliError(error.field === 'accounts' ? `--accounts: ${error.message}` : error.message)
            : error;
        });
        await audit(
          db,
          cliActor(context),
          {
            action: 'user.add',
            detail: { user: user.name, admin: user.admin, pii: user.pii, accounts: user.accounts },
          },
          new Date(realClock.now()),
        );
        context.stdout.write(`added user ${user.name} (${describe(user)})\n`);
      });
    });

  users
    .command('list')
    .description('list the dashboard users')
    .option('--json', 'one JSON object per line')
    .action(async (flags: { json?: boolean }) => {
      await withAuthStore(context, async (db) => {
        const all = await listUsers(db);
        if (flags.json) {
          for (const user of all) context.stdout.write(`${JSON.stringify(user)}\n`);
          return;
        }
        if (all.length === 0) {
          context.stderr.write('no users yet: add one with csm users add NAME --admin\n');
          return;
        }
        const rows = [
          ['NAME', 'PERMISSIONS', 'CREATED'],
          ...all.map((u) => [u.name, describe(u), u.createdAt]),
        ];
        context.stdout.write(table(rows));
      });
    });
}

function describe(user: Pick<UserView, 'admin' | 'pii' | 'accounts'>): string {
  const what = [user.admin ? 'admin' : 'user', ...(user.pii ? ['pii'] : [])];
  return `${what.join(', ')}; accounts: ${user.accounts?.join(', ') ?? 'all'}`;
}

export function listOf(text: string, flag: string): string[] {
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  if (names.length === 0) throw new CliError(`${flag} expects account names separated by commas`);
  return names;
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return `${rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

async function promptPassword(context: CliContext): Promise<string> {
  if (!context.terminal) {
    throw new CliError(
      'csm users add asks for the password in a terminal, and stdin is not one: pipe it with --password-stdin',
    );
  }
  const { password } = await import('@inquirer/prompts');
  try {
    const first = await password(
      { message: 'Password (10 characters or more)', mask: '*' },
      context.terminal,
    );
    const again = await password({ message: 'Same password again', mask: '*' }, context.terminal);
    if (first !== again) throw new CliError('the two passwords differ: nothing was stored');
    return first;
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError')
      throw new CliError('stopped: nothing was stored', ExitCode.failed);
    throw error;
  }
}
