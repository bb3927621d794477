import { api, query } from '../api.js';
import { h, notice, replace, table, when } from '../dom.js';
import { failure, heading, type Page, unavailable } from './page.js';

interface ShipmentView {
  readonly id: string;
  readonly account: string;
  readonly orderId: string;
  readonly status: string;
  /** Amazon's refusal with its cause and fix, or why csm gave up. */
  readonly failureReason: string | null;
  readonly createdAt: string;
  readonly packages: readonly {
    carrierCode: string;
    trackingNumber: string;
    attempts: number;
    failureReason: string | null;
  }[];
}

/** Shipments: the pending ones and the failed ones with Amazon's reasons, each failed one retried here. */
export const shipmentsPage: Page = async ({ navigate }) => {
  const lists = await Promise.all(
    ['pending', 'failed'].map((status) =>
      api<{ shipments: ShipmentView[] }>(`/shipments${query({ status })}`),
    ),
  ).catch((error: unknown) => unavailable(error, 'Shipments'));
  if (lists instanceof HTMLElement) return h('section', {}, heading('Shipments'), lists);
  const [pending, failed] = lists;
  const result = h('div', { class: 'result', 'aria-live': 'polite' });
  const retry = (shipment: ShipmentView) => async (event: Event) => {
    (event.currentTarget as HTMLButtonElement).disabled = true;
    try {
      await api(`/shipments/${encodeURIComponent(shipment.id)}/retry`, { method: 'POST' });
      navigate('/shipments', true);
    } catch (error) {
      replace(result, failure(error));
    }
  };
  const rows = (list: readonly ShipmentView[], withRetry: boolean) =>
    list.map((s) => [
      h('a', { href: `/orders/${encodeURIComponent(s.orderId)}${query({ account: s.account })}` }, s.orderId),
      s.account,
      s.status,
      s.packages.map((p) => p.carrierCode).join(', ') || '–',
      s.packages.map((p) => p.trackingNumber).join(', ') || '–',
      when(s.createdAt),
      s.packages.reduce((sum, p) => sum + p.attempts, 0),
      s.failureReason ?? s.packages.find((p) => p.failureReason)?.failureReason ?? '',
      withRetry ? h('button', { type: 'button', onclick: retry(s) }, 'Retry') : '',
    ]);
  const headings = ['Order', 'Account', 'Status', 'Carrier', 'Tracking', 'Entered', 'Attempts', 'Reason', ''];
  return h(
    'section',
    { class: 'shipments' },
    heading('Shipments', 'Confirmations waiting to reach Amazon, and those Amazon refused.'),
    result,
    h('h2', {}, 'Failed'),
    failed?.shipments.length ? table(headings, rows(failed.shipments, true)) : notice('info', 'None failed.'),
    h('h2', {}, 'Pending'),
    pending?.shipments.length
      ? table(headings, rows(pending.shipments, false))
      : notice('info', 'None pending.'),
  );
};
