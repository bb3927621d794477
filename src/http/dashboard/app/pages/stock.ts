import { api } from '../api.js';
import { h, notice, replace } from '../dom.js';
import type { AccountView } from '../types.js';
import { failure, heading, type Page } from './page.js';

/** Stock and prices: set one SKU's quantity (`POST /api/v1/stock`) or price (`POST /api/v1/prices`). */
export const stockPage: Page = async () => {
  const { accounts } = await api<{ accounts: AccountView[] }>('/accounts');
  const accountSelect = () =>
    h(
      'label',
      {},
      'Account',
      h(
        'select',
        { name: 'account', required: true },
        ...accounts.map((a) => h('option', { value: a.name }, a.name)),
      ),
    );
  const sku = () => h('label', {}, 'SKU', h('input', { name: 'sku', required: true }));
  const stock = form(
    'stock',
    'Set stock',
    [
      accountSelect(),
      sku(),
      h('label', {}, 'Quantity', h('input', { name: 'quantity', type: 'number', min: 0, required: true })),
    ],
    (data) => ({
      account: data.get('account'),
      sku: data.get('sku'),
      quantity: Number(data.get('quantity')),
    }),
  );
  const price = form(
    'prices',
    'Set price',
    [
      accountSelect(),
      sku(),
      h(
        'label',
        {},
        'Price',
        h('input', { name: 'price', inputmode: 'decimal', pattern: '\\d+(\\.\\d{1,2})?', required: true }),
      ),
      h(
        'label',
        {},
        'Currency',
        h('input', { name: 'currency', size: 4, placeholder: 'USD', pattern: '[A-Z]{3}', required: true }),
      ),
    ],
    (data) => ({
      account: data.get('account'),
      sku: data.get('sku'),
      amount: String(data.get('price')),
      currency: String(data.get('currency')),
    }),
  );
  return h(
    'section',
    { class: 'stock' },
    heading(
      'Stock and prices',
      'Changes are sent to Amazon by the write-back jobs; the answer says what was queued.',
    ),
    accounts.length === 0 ? notice('info', 'No account connected yet.') : [stock, price],
  );
};

/** A form that POSTs `/api/v1/{resource}` and shows the answer (or "not available") beneath it. */
function form(
  resource: string,
  title: string,
  fields: HTMLElement[],
  body: (data: FormData) => Record<string, unknown>,
): HTMLElement {
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const element = h(
    'form',
    { class: 'card', id: `${resource}-form` },
    h('h2', {}, title),
    ...fields,
    h('button', { type: 'submit' }, title),
    result,
  );
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const answer = await api<Record<string, unknown>>(`/${resource}`, {
        method: 'POST',
        body: body(new FormData(element)),
      });
      replace(result, notice('info', `Accepted: ${summary(answer)}`));
    } catch (error) {
      const missing = error instanceof Error && 'missingRoute' in error && error.missingRoute === true;
      replace(
        result,
        missing ? notice('info', `${title} is not available in this csm yet.`) : failure(error),
      );
    }
  });
  return element;
}

function summary(answer: Record<string, unknown>): string {
  const status = answer.status ?? (answer.update as { status?: unknown } | undefined)?.status;
  return typeof status === 'string' ? status : 'queued';
}
