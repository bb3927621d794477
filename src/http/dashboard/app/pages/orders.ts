import { api, query } from '../api.js';
import { h, notice, table, when } from '../dom.js';
import { type AccountView, fulfilment, type OrderPage } from '../types.js';
import { heading, type Page } from './page.js';

/** The filters of the list, as query parameters of both the page and `GET /api/v1/orders`. */
const FILTERS = ['account', 'status', 'holding', 'fulfillment', 'q'] as const;
const PAGE_SIZE = 50;

const STATUSES = ['PENDING', 'UNSHIPPED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'CANCELLED', 'UNFULFILLABLE'];
const HOLDINGS = ['new', 'exported', 'error', 'complete'];

/**
 * The cursors of the pages before the one shown, per filter set: "Previous" goes back through them. Kept
 * for the page's life (a reload starts again at the first page).
 */
const previous = new Map<string, string[]>();

/**
 * Orders: filters (account, status, holding, FBA/FBM, search by order id), 50 a page, "Next" and
 * "Previous" by cursor: each page is one indexed query, however many orders are stored.
 */
export const ordersPage: Page = async ({ url, navigate }) => {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, url.searchParams.get(name) ?? '']));
  const cursor = url.searchParams.get('cursor') ?? '';
  const key = query(filters);
  const [accounts, page] = await Promise.all([
    api<{ accounts: AccountView[] }>('/accounts'),
    api<OrderPage>(`/orders${query({ ...filters, cursor, limit: PAGE_SIZE })}`),
  ]);
  const stack = previous.get(key) ?? [];
  if (!cursor) stack.length = 0;
  previous.set(key, stack);

  const select = (name: string, label: string, options: readonly (readonly [string, string])[]) =>
    h(
      'label',
      {},
      label,
      h(
        'select',
        { name },
        h('option', { value: '' }, 'all'),
        ...options.map(([value, text]) => h('option', { value, selected: filters[name] === value }, text)),
      ),
    );
  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    select(
      'account',
      'Account',
      accounts.accounts.map((a) => [a.name, a.name]),
    ),
    select(
      'status',
      'Status',
      STATUSES.map((s) => [s, s]),
    ),
    select(
      'holding',
      'Holding',
      HOLDINGS.map((s) => [s, s]),
    ),
    select('fulfillment', 'Fulfilment', [
      ['AFN', 'FBA'],
      ['MFN', 'FBM'],
    ]),
    h(
      'label',
      {},
      'Order id',
      h('input', { name: 'q', type: 'search', value: filters.q, placeholder: '123-1234567-1234567' }),
    ),
    h('button', { type: 'submit' }, 'Filter'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const chosen = Object.fromEntries(FILTERS.map((name) => [name, String(data.get(name) ?? '').trim()]));
    navigate(`/orders${query(chosen)}`);
  });
  for (const input of form.querySelectorAll('select')) {
    input.addEventListener('change', () => form.requestSubmit());
  }

  const rows = page.orders.map((order) => [
    h(
      'a',
      { href: `/orders/${encodeURIComponent(order.orderId)}${query({ account: order.account })}` },
      order.orderId,
    ),
    order.account,
    order.status ?? '–',
    fulfilment(order.fulfillment),
    order.holding ?? '–',
    order.units ?? '–',
    order.total ? `${order.currency ?? ''} ${order.total}` : '–',
    when(order.createdTime),
  ]);
  const goPrevious = () => {
    const back = stack.pop();
    navigate(`/orders${query({ ...filters, cursor: back })}`);
  };
  const goNext = () => {
    stack.push(cursor);
    navigate(`/orders${query({ ...filters, cursor: page.nextCursor })}`);
  };
  return h(
    'section',
    { class: 'orders' },
    heading('Orders'),
    form,
    rows.length === 0
      ? notice('info', 'No orders match these filters.')
      : table(['Order', 'Account', 'Status', 'FBA/FBM', 'Holding', 'Units', 'Total', 'Created'], rows),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'pages' },
      h('button', { type: 'button', rel: 'prev', disabled: !cursor, onclick: goPrevious }, '← Previous'),
      h('button', { type: 'button', rel: 'next', disabled: !page.nextCursor, onclick: goNext }, 'Next →'),
    ),
  );
};
