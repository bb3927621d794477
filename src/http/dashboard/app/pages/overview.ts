import { api } from '../api.js';
import { type ChartDay, stackedBars } from '../chart.js';
import { h, notice } from '../dom.js';
import type { AccountView } from '../types.js';
import { heading, type Page, unavailable } from './page.js';

/** One day of `GET /api/v1/stats/orders-per-day`: orders created that UTC day, by marketplace and fulfilment. */
interface StatsDay {
  readonly date: string;
  readonly total: number;
  readonly byMarketplace: Readonly<Record<string, number>>;
  readonly byFulfillment: Readonly<Record<string, number>>;
}

/** Overview: unhealthy accounts first (the `account.unhealthy` banner), then orders per day. */
export const overviewPage: Page = async () => {
  const [accounts, stats] = await Promise.all([
    api<{ accounts: AccountView[] }>('/accounts'),
    api<{ days: StatsDay[] }>('/stats/orders-per-day?days=30').catch((error: unknown) =>
      unavailable(error, 'The orders chart'),
    ),
  ]);
  const unhealthy = accounts.accounts.filter((a) => a.health.state !== 'ok');
  const banners = unhealthy.map((account) =>
    notice(
      account.health.state === 'failing' ? 'error' : 'warn',
      h('strong', {}, `account.unhealthy: ${account.name}`),
      ' — ',
      account.health.problems.join('; ') || 'see Accounts',
      ' ',
      h('a', { href: '/accounts' }, 'Accounts'),
    ),
  );
  const charts =
    stats instanceof HTMLElement
      ? [stats]
      : [
          h('h2', {}, 'Orders per day by marketplace'),
          chart(stats.days, (day) => day.byMarketplace, 'Orders per day by marketplace', accounts.accounts),
          h('h2', {}, 'FBA and FBM orders per day'),
          chart(stats.days, (day) => renameKeys(day.byFulfillment, FULFILMENT), 'FBA and FBM orders per day'),
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

const FULFILMENT: Readonly<Record<string, string>> = { AFN: 'FBA', MFN: 'FBM' };

function renameKeys(counts: Readonly<Record<string, number>>, names: Readonly<Record<string, string>>) {
  return Object.fromEntries(Object.entries(counts).map(([key, n]) => [names[key] ?? key, n]));
}

/** A chart of one breakdown of each day; marketplaces are named by country where an account says which. */
function chart(
  days: readonly StatsDay[],
  breakdown: (day: StatsDay) => Readonly<Record<string, number>>,
  label: string,
  accounts: readonly AccountView[] = [],
): Element {
  const country = new Map<string, string>();
  for (const account of accounts) {
    for (const m of account.marketplaces) if (m.countryCode) country.set(m.id, m.countryCode);
  }
  const series = new Set<string>();
  const bars: ChartDay[] = [...days]
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((day) => {
      const counts = renameKeys(breakdown(day), Object.fromEntries(country));
      for (const name of Object.keys(counts)) series.add(name);
      return { day: day.date, counts };
    });
  if (bars.every((bar) => Object.values(bar.counts).every((n) => n === 0))) {
    return notice('info', 'No orders in the last 30 days.');
  }
  return stackedBars(label, [...series].sort(), bars);
}
