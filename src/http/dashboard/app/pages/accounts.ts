import { api } from '../api.js';
import { h, notice, replace, table } from '../dom.js';
import type { AccountView } from '../types.js';
import { failure, heading, type Page } from './page.js';

/** Accounts: credential health, when the client secret was created and must be rotated, "Sync now". */
export const accountsPage: Page = async () => {
  const { accounts } = await api<{ accounts: AccountView[] }>('/accounts');
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const syncNow = (name: string) => async (event: Event) => {
    const button = event.currentTarget as HTMLButtonElement;
    button.disabled = true;
    try {
      const answer = await api<{ state?: string }>(`/accounts/${encodeURIComponent(name)}/sync`, {
        method: 'POST',
      });
      replace(result, notice('info', `Sync of ${name}: ${answer.state ?? 'requested'}.`));
    } catch (error) {
      replace(result, failure(error));
    } finally {
      button.disabled = false;
    }
  };
  return h(
    'section',
    { class: 'accounts' },
    heading('Accounts', 'Credentials are checked with Amazon; secrets never leave the server.'),
    h('p', {}, h('a', { class: 'button', href: '/connect' }, 'Connect an account')),
    result,
    accounts.length === 0
      ? notice('info', 'No account connected yet.')
      : table(
          [
            'Name',
            'Kind',
            'Region',
            'Seller id',
            'Marketplaces',
            'Health',
            'Secret created',
            'Rotate by',
            '',
          ],
          accounts.map((a) => [
            a.name,
            a.kind,
            a.region,
            a.sellerId ?? '–',
            a.marketplaces.map((m) => m.countryCode || m.id).join(', ') || '–',
            health(a),
            a.secretCreated ?? 'unknown',
            a.secretRotationDue ?? '–',
            h('button', { type: 'button', onclick: syncNow(a.name) }, 'Sync now'),
          ]),
        ),
  );
};

function health(account: AccountView): HTMLElement {
  const { state, problems } = account.health;
  return h('span', { class: `health ${state}` }, state, ...problems.map((p) => h('small', {}, p)));
}
