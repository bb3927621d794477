import type { Command } from 'commander';
import { checkAwsAccountId } from '../../accounts/credential-format.js';
import { DEFAULT_ROLE_NAME, iamPolicies } from '../../accounts/iam-policy.js';
import { AWS_OPTIONAL_NOTE } from '../../accounts/setup-guide.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';

// IAM's role name rule: 1 to 64 of letters, digits and + = , . @ _ -.
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/**
 * `csm iam-policy`: prints the old setup guide's three IAM documents as JSON (the SellingPartnerAPI policy,
 * the role's trust policy, the user's inline STS policy), filled in with the account id and role name.
 */
export function registerIamPolicyCommand(program: Command, context: CliContext): void {
  program
    .command('iam-policy')
    .description(
      `print the legacy setup guide's IAM policy, role trust policy and inline STS policy as JSON (${AWS_OPTIONAL_NOTE})`,
    )
    .option('--account-id <id>', 'your 12-digit AWS account id, filled into the documents')
    .option('--role-name <name>', `the IAM role's name (default ${DEFAULT_ROLE_NAME})`)
    .action((flags: { accountId?: string; roleName?: string }) => {
      const accountId = flags.accountId?.trim();
      const problem = accountId === undefined ? undefined : checkAwsAccountId(accountId);
      if (problem) throw new CliError(`--account-id: ${problem.problem}. ${problem.fix}`);
      const roleName = flags.roleName?.trim();
      if (roleName !== undefined && !ROLE_NAME.test(roleName)) {
        throw new CliError('--role-name is not an IAM role name: 1 to 64 letters, digits and + = , . @ _ -');
      }
      context.stdout.write(
        `${JSON.stringify(iamPolicies({ ...(accountId ? { accountId } : {}), ...(roleName ? { roleName } : {}) }), null, 2)}\n`,
      );
      context.stderr.write(`csm iam-policy: these documents are ${AWS_OPTIONAL_NOTE}\n`);
    });
}
