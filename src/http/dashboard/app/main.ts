/**
 * The dashboard: one page shell for every route, the page drawn here from the API. Links between pages
 * change the view without a reload (History API); a reload or a shared link draws the same view.
 */
import { ApiError, whoAmI } from './api.js';
import { h, notice, replace } from './dom.js';
import { accountsPage } from './pages/accounts.js';
import { connectPage } from './pages/connect.js';
import { orderPage } from './pages/order-detail.js';
import { ordersPage } from './pages/orders.js';
import { overviewPage } from './pages/overview.js';
import type { Page } from './pages/page.js';
import { shipmentsPage } from './pages/shipments.js';
import { stockPage } from './pages/stock.js';
import { syncPage } from './pages/sync.js';

interface Route {
  readonly pattern: RegExp;
  readonly title: string;
  readonly page: Page;
  /** The navigation entry it lights up. */
  readonly nav: string;
}

const ROUTES: readonly Route[] = [
  { pattern: /^\/$/, title: 'Overview', page: overviewPage, nav: '/' },
  { pattern: /^\/orders$/, title: 'Orders', page: ordersPage, nav: '/orders' },
  { pattern: /^\/orders\/(?<id>[^/]+)$/, title: 'Order', page: orderPage, nav: '/orders' },
  { pattern: /^\/shipments$/, title: 'Shipments', page: shipmentsPage, nav: '/shipments' },
  { pattern: /^\/stock$/, title: 'Stock and prices', page: stockPage, nav: '/stock' },
  { pattern: /^\/accounts$/, title: 'Accounts', page: accountsPage, nav: '/accounts' },
  { pattern: /^\/connect$/, title: 'Connect an account', page: connectPage, nav: '/connect' },
  { pattern: /^\/sync$/, title: 'Sync status', page: syncPage, nav: '/sync' },
];

const NAV: readonly [string, string][] = [
  ['/', 'Overview'],
  ['/orders', 'Orders'],
  ['/shipments', 'Shipments'],
  ['/stock', 'Stock and prices'],
  ['/accounts', 'Accounts'],
  ['/connect', 'Connect'],
  ['/sync', 'Sync'],
];

/** Goes to a page of the dashboard without reloading. */
export function navigate(to: string, replaceEntry = false): void {
  if (replaceEntry) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  void draw();
}

let drawing = 0;

async function draw(): Promise<void> {
  const mine = ++drawing;
  const view = document.getElementById('view');
  if (!view) return;
  const url = new URL(location.href);
  const route = ROUTES.find((r) => r.pattern.test(url.pathname));
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav.pages a')) {
    link.toggleAttribute('aria-current', link.getAttribute('href') === route?.nav);
  }
  if (!route) {
    replace(view, h('h1', {}, 'Not found'), notice('error', `No page at ${url.pathname}.`));
    return;
  }
  document.title = `${route.title} · csm`;
  const params = route.pattern.exec(url.pathname)?.groups ?? {};
  replace(view, h('p', { class: 'loading' }, 'Loading…'));
  try {
    const content = await route.page({ params, url, navigate });
    if (mine === drawing) replace(view, content);
  } catch (error) {
    if (mine !== drawing) return;
    const message = error instanceof ApiError ? `${error.message} (${error.code})` : String(error);
    replace(view, h('h1', {}, route.title), notice('error', message));
  }
}

async function start(): Promise<void> {
  const header = document.getElementById('top');
  if (header) {
    replace(
      header,
      h('a', { class: 'brand', href: '/' }, 'csm'),
      h('nav', { class: 'pages' }, ...NAV.map(([href, label]) => h('a', { href }, label))),
      h('span', { class: 'who', id: 'who' }),
    );
  }
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a');
    if (!link || link.target || link.hasAttribute('download') || event.ctrlKey || event.metaKey) return;
    const to = new URL(link.href, location.href);
    if (to.origin !== location.origin || to.pathname.startsWith('/api/') || to.pathname === '/login') return;
    event.preventDefault();
    navigate(to.pathname + to.search);
  });
  window.addEventListener('popstate', () => void draw());
  const drawn = draw();
  const who = document.getElementById('who');
  const me = await whoAmI();
  if (who) {
    replace(
      who,
      me.user.name,
      me.user.pii ? h('span', { class: 'badge', title: 'may reveal buyer data' }, 'PII') : null,
      h(
        'form',
        { method: 'post', action: '/logout', class: 'logout' },
        h('input', { type: 'hidden', name: '_csrf', value: me.csrfToken }),
        h('button', { type: 'submit', class: 'link' }, 'Sign out'),
      ),
    );
  }
  await drawn;
}

void start();
