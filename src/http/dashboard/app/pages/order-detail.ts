import { api, query, whoAmI } from '../api.js';
import { h, notice, replace, table, when } from '../dom.js';
import { fulfilment, type OrderSummary } from '../types.js';
import { failure, heading, type Page, unavailable } from './page.js';

interface OrderItem {
  readonly orderItemId: string;
  readonly sellerSku?: string | null;
  readonly asin?: string | null;
  readonly title?: string | null;
  readonly quantityOrdered: number;
  readonly quantityShipped?: number | null;
  readonly unitPrice?: string | null;
  readonly currency?: string | null;
}

/** A package of a shipment, as `GET /api/v1/shipments` lists it. */
interface ShipmentPackage {
  readonly carrierCode: string;
  readonly trackingNumber: string;
  readonly shipDate: string;
  readonly status: string;
  readonly failureReason: string | null;
}

interface Shipment {
  readonly id: string;
  readonly status: string;
  readonly failureReason: string | null;
  readonly packages: readonly ShipmentPackage[];
}

interface OrderDetail extends OrderSummary {
  readonly items: readonly OrderItem[];
  /** null: none stored; `{ masked: true }` until revealed; Amazon's object once revealed. */
  readonly buyer: Readonly<Record<string, unknown>> | null;
  readonly recipient: Readonly<Record<string, unknown>> | null;
  readonly pii: 'masked' | 'revealed' | 'deleted' | 'none';
}

/**
 * One order: its lines, its shipments, buyer and recipient masked until "Reveal" (shown only to users with
 * the PII permission; the server logs each reveal), and a form that confirms a shipment.
 */
export const orderPage: Page = async ({ params, url, navigate }) => {
  const id = params.id ?? '';
  const account = url.searchParams.get('account') ?? '';
  const path = `/orders/${encodeURIComponent(id)}`;
  const [me, answer] = await Promise.all([
    whoAmI(),
    api<{ order: OrderDetail }>(`${path}${query({ account })}`),
  ]);
  const order = answer.order;
  const shipments = await api<{ shipments: Shipment[] }>(
    `/shipments${query({ account: order.account, orderId: order.orderId })}`,
  ).catch((error: unknown) => unavailable(error, 'Shipments'));
  const people = h('div', { class: 'pii', id: 'pii' }, personal(order));
  const reveal = async (event: Event) => {
    const button = event.currentTarget as HTMLButtonElement;
    button.disabled = true;
    try {
      const revealed = await api<{ order: OrderDetail }>(`${path}${query({ account, reveal: 'pii' })}`);
      replace(people, personal(revealed.order));
      button.remove();
    } catch (error) {
      people.append(failure(error));
      button.disabled = false;
    }
  };
  return h(
    'section',
    { class: 'order' },
    heading(`Order ${order.orderId}`),
    h(
      'dl',
      { class: 'facts' },
      fact('Account', order.account),
      fact('Status', order.status ?? '–'),
      fact('Fulfilment', fulfilment(order.fulfillment)),
      fact('Marketplace', order.marketplaceId ?? '–'),
      fact('Holding', order.holding ?? '–'),
      fact('Total', order.total ? `${order.currency ?? ''} ${order.total}` : '–'),
      fact('Created', when(order.createdTime)),
      fact('Last updated', when(order.lastUpdatedTime)),
    ),
    h('h2', {}, 'Items'),
    table(
      ['SKU', 'ASIN', 'Title', 'Ordered', 'Shipped', 'Unit price'],
      (order.items ?? []).map((item) => [
        item.sellerSku ?? '–',
        item.asin ?? '–',
        item.title ?? '–',
        item.quantityOrdered,
        item.quantityShipped ?? 0,
        item.unitPrice ? `${item.currency ?? ''} ${item.unitPrice}` : '–',
      ]),
    ),
    h('h2', {}, 'Buyer and recipient'),
    people,
    me.user.pii && order.pii === 'masked'
      ? h('button', { type: 'button', id: 'reveal', onclick: reveal }, 'Reveal buyer data')
      : null,
    h('h2', {}, 'Shipments'),
    shipments instanceof HTMLElement
      ? shipments
      : shipments.shipments.length === 0
        ? notice('info', 'No shipment entered yet.')
        : table(
            ['Status', 'Carrier', 'Tracking', 'Ship date', 'Reason'],
            shipments.shipments.flatMap((s) =>
              s.packages.map((p) => [
                p.status,
                p.carrierCode,
                p.trackingNumber,
                p.shipDate,
                p.failureReason ?? '',
              ]),
            ),
          ),
    // FBA orders are shipped by Amazon; without the shipments API there is nothing to send the form to.
    order.fulfillment === 'AFN' || shipments instanceof HTMLElement
      ? null
      : shipmentForm(order, () => navigate(location.pathname + location.search, true)),
  );
};

function fact(term: string, value: string): HTMLElement[] {
  return [h('dt', {}, term), h('dd', {}, value)];
}

/** Buyer and recipient as the API gave them: masked (`{ masked: true }`) or revealed. */
function personal(order: OrderDetail): HTMLElement {
  if (order.pii === 'deleted') return notice('info', 'Buyer data was deleted (retention).');
  if (order.pii === 'none') return notice('info', 'No buyer data stored for this order.');
  const list = (title: string, data: Readonly<Record<string, unknown>> | null) => {
    if (!data) return null;
    const entries =
      data.masked === true ? MASKED_FIELDS.map((k) => [k, '•••••• (masked)'] as const) : Object.entries(data);
    return h(
      'dl',
      { class: 'facts', 'data-pii': order.pii },
      h('dt', { class: 'group' }, title),
      entries.map(([key, value]) => fact(key, flat(value))),
    );
  };
  return h('div', {}, list('Buyer', order.buyer), list('Recipient', order.recipient));
}

/** What a masked buyer or recipient shows: the fields' names, never their values. */
const MASKED_FIELDS = ['name', 'email', 'address'];

function flat(value: unknown): string {
  if (value === null || value === undefined) return '–';
  if (typeof value === 'object') {
    return Object.values(value as Record<string, unknown>)
      .filter((v) => v !== null && v !== undefined && v !== '')
      .map(flat)
      .join(', ');
  }
  return String(value);
}

/**
 * Confirms a shipment (`POST /api/v1/shipments`): carrier, tracking number and ship date; the package holds
 * every unit not yet shipped (the API's default).
 */
function shipmentForm(order: OrderDetail, done: () => void): HTMLElement {
  const result = h('div', { class: 'result' });
  const today = new Date().toISOString().slice(0, 10);
  const form = h(
    'form',
    { class: 'ship', id: 'ship-form' },
    h('h2', {}, 'Confirm a shipment'),
    h('label', {}, 'Carrier', h('input', { name: 'carrier', required: true, placeholder: 'UPS' })),
    h('label', {}, 'Tracking number', h('input', { name: 'trackingNumber', required: true })),
    h('label', {}, 'Ship date', h('input', { name: 'shipDate', type: 'date', value: today, required: true })),
    h('button', { type: 'submit' }, 'Confirm shipment'),
    result,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const button = form.querySelector('button');
    if (button) button.disabled = true;
    try {
      const answer = await api<{ shipment?: Shipment; shipments?: Shipment[] }>('/shipments', {
        method: 'POST',
        body: {
          account: order.account,
          orderId: order.orderId,
          carrier: String(data.get('carrier')),
          trackingNumber: String(data.get('trackingNumber')),
          shipDate: String(data.get('shipDate')),
        },
      });
      const shipment = answer.shipment ?? answer.shipments?.[0];
      replace(result, notice('info', `Shipment ${shipment?.status ?? 'entered'}.`));
      done();
    } catch (error) {
      replace(result, failure(error));
      if (button) button.disabled = false;
    }
  });
  return form;
}
