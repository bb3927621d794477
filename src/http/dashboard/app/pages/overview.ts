import { api } from '../api.js';
import { type ChartDay, stackedBars } from '../chart.js';
import { h, notice } from '../dom.js';
import type { AccountView } from '../types.js';
import { heading, type Page, unavailable } from './page.js';

/** One row of `GET /api/v1/stats/orders-per-day`: the orders of a day, a marketplace and a fulfilment. */
interface DayRow {
  readonly day: string;
  readonly marketplaceId: string;
  readonly fulfillment: string;
  readonly orders: number;
}

/** Overview: unhealthy accounts first (the `account.unhealthy` banner), then orders per day. */
export const overviewPage: Page = async () => {
  const [accounts, stats] = await Promise.all([
    api<{ accounts: AccountView[] }>('/accounts'),
    api<{ days: DayRow[] }>('/stats/orders-per-day?days=30').catch((error: unknown) =>
      unavailable(error, 'The orders chart'),
    ),
  ]);
  const unhealthy = accounts.accounts.filter((a) => a.health && a.health.status !== 'ok');
  const banners = unhealthy.map((account) =>
    notice(
      account.health?.status === 'fail' ? 'error' : 'warn',
      h('strong', {}, `account.unhealthy: ${account.name}`),
      ' — ',
      (account.health?.problems ?? []).join('; ') || 'see Accounts',
      ' ',
      h('a', { href: '/accounts' }, 'Accounts'),
    ),
  );
  const charts =
    stats instanceof HTMLElement
      ? [stats]
      : [
          h('h2', {}, 'Orders per day by marketplace'),
          chartOf(stats.days, (row) => row.marketplaceId, 'Orders per day by marketplace'),
          h('h2', {}, 'FBA and FBM orders per day'),
          chartOf(stats.days, (row) => row.fulfillment, 'FBA and FBM orders per day'),
        ];
  return h(
    'section',
    { class: 'overview' },
    heading('Overview', `${accounts.accounts.length} accounts connected.`),
    banners,
    accounts.accounts.length === 0
      ? notice('info', 'No account yet: ', h('a', { href: '/connect' }, 'connect one'), '.')
      : null,
    charts,
  );
};

/** Sums the rows per day and per series (`seriesOf`), and draws them. */
function chartOf(rows: readonly DayRow[], seriesOf: (row: DayRow) => string, label: string): Element {
  const byDay = new Map<string, Record<string, number>>();
  const series = new Set<string>();
  for (const row of rows) {
    const name = seriesOf(row);
    series.add(name);
    const counts = byDay.get(row.day) ?? {};
    counts[name] = (counts[name] ?? 0) + row.orders;
    byDay.set(row.day, counts);
  }
  const days: ChartDay[] = [...byDay.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, counts]) => ({ day, counts }));
  if (days.length === 0) return notice('info', 'No orders in the last 30 days.');
  return stackedBars(label, [...series].sort(), days);
}
