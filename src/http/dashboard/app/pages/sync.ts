import { api } from '../api.js';
import { age, h, notice, table, when } from '../dom.js';
import { heading, type Page } from './page.js';

/** One account's row of `GET /api/v1/sync`. */
interface SyncView {
  readonly account: string;
  readonly lastStartedAt?: string | null;
  readonly lastFinishedAt?: string | null;
  readonly lastOutcome?: string | null;
  readonly lastOrders?: number | null;
  readonly lastError?: string | null;
  readonly watermark?: string | null;
  readonly nextRunAt?: string | null;
  readonly failures?: number;
  readonly throttled?: number;
  readonly buckets?: readonly { operation: string; tokens: number; burst?: number; rate?: number }[];
}

/** Sync status per account: last run, watermark age, rate-limit bucket levels, 429s and errors. */
export const syncPage: Page = async () => {
  const { accounts } = await api<{ accounts: SyncView[] }>('/sync');
  return h(
    'section',
    { class: 'sync' },
    heading('Sync status', 'Each account is synced on its schedule; "Sync now" is on the Accounts page.'),
    accounts.length === 0
      ? notice('info', 'No account to sync yet.')
      : table(
          [
            'Account',
            'Last run',
            'Outcome',
            'Orders',
            'Watermark age',
            'Next run',
            '429s',
            'Rate limits',
            'Error',
          ],
          accounts.map((a) => [
            a.account,
            when(a.lastFinishedAt ?? a.lastStartedAt),
            a.lastOutcome ?? '–',
            a.lastOrders ?? '–',
            age(a.watermark),
            when(a.nextRunAt),
            a.throttled ?? 0,
            h(
              'ul',
              { class: 'buckets' },
              ...(a.buckets ?? []).map((b) =>
                h(
                  'li',
                  {},
                  `${b.operation}: `,
                  h('meter', { min: 0, max: b.burst ?? 1, value: b.tokens }),
                  ` ${b.tokens.toFixed(1)}${b.burst ? `/${b.burst}` : ''}`,
                ),
              ),
            ),
            a.lastError ? h('span', { class: 'error-text' }, a.lastError) : '',
          ]),
        ),
  );
};
