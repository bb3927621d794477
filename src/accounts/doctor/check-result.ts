/** What a check found. */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/**
 * Every check of `csm doctor`, by its stable id (docs/doctor.md), in the order they are printed, with
 * what it checks. Ids are never reworded: scripts branch on them.
 */
export const CHECKS = {
  'account.secrets': "the account's stored secrets open with the master key",
  'lwa.client': 'LWA client id and client secret',
  'lwa.refresh-token': 'refresh token valid and issued to this app',
  region: "the seller authorized the app in the account's region",
  marketplaces: 'marketplace participation',
  'orders.role': 'the Orders role, by a real read call',
  'pii.included-data': 'buyer and recipient data through Orders 2026-01-01 includedData',
  'pii.rdt': 'buyer and recipient data through an Orders v0 Restricted Data Token',
  'listings.role': 'the Product Listing role, by a real searchListingsItems',
  'feeds.role': 'a Feeds API role, by a real getFeeds',
  'inventory.role': 'the Amazon Fulfillment role, by a real getInventorySummaries',
  'seller.id': 'the stored seller id is one Amazon accepts for this seller',
  'secret.age': "the client secret's age against Amazon's 180-day rotation",
  'clock.skew': "this machine's clock against Amazon's Date header",
  sandbox: 'sandbox against production',
  'aws.format': 'legacy AWS fields: access key id, secret access key and role ARN formats',
  'aws.identity': 'legacy AWS access key: STS GetCallerIdentity',
  'aws.assume-role': 'legacy IAM role: STS AssumeRole',
} as const;

export type CheckId = keyof typeof CHECKS;

export const CHECK_IDS = Object.keys(CHECKS) as CheckId[];

/**
 * One check of one account. For `fail` and `warn`, `cause` says what is wrong and `fix` what to do, both
 * non-empty; for `pass`, `cause` says what was found and `fix` is empty; for `skip`, `cause` says why it
 * did not run and `fix` is empty or says how to make it run.
 */
export interface CheckResult {
  readonly id: CheckId;
  readonly account: string;
  readonly status: CheckStatus;
  readonly cause: string;
  readonly fix: string;
}

/** A check's verdict before the account name is attached. */
export type Verdict = Omit<CheckResult, 'id' | 'account'>;

export const pass = (cause: string): Verdict => ({ status: 'pass', cause, fix: '' });
export const skip = (cause: string, fix = ''): Verdict => ({ status: 'skip', cause, fix });
export const warn = (cause: string, fix: string): Verdict => ({ status: 'warn', cause, fix });
export const fail = (cause: string, fix: string): Verdict => ({ status: 'fail', cause, fix });
