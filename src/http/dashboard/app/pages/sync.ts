import { api } from '../api.js';
import { h, notice, table, when } from '../dom.js';
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
  readonly watermarkAgeSeconds?: number | null;
  readonly state?: string;
  readonly nextRunAt?: string | null;
  readonly failures?: number;
  readonly throttled?: number;
  readonly buckets?: readonly { operation: string; tokens?: number; burst?: number; rate?: number }[];
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
            'State',
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
            a.state ?? '–',
            when(a.lastFinishedAt ?? a.lastStartedAt),
            a.lastOutcome ?? '–',
            a.lastOrders ?? '–',
            ageOf(a.watermarkAgeSeconds),
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
                  h('meter', { min: 0, max: b.burst ?? 1, value: b.tokens ?? 0 }),
                  ` ${(b.tokens ?? 0).toFixed(1)}${b.burst ? `/${b.burst}` : ''}`,
                ),
              ),
            ),
            a.lastError ? h('span', { class: 'error-text' }, a.lastError) : '',
          ]),
        ),
  );
};

/** A watermark's age, coarse: `42 s`, `5 min`, `3 h`, `2 d`. */
function ageOf(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
