import type { Kysely } from 'kysely';
import type { ProcessingWaitEvent } from '../sp-api/documents/poll-until-processed.js';
import { readFeedResult } from '../sp-api/feeds/read-feed-result.js';
import { FEED_CONTENT_TYPES, submitFeed } from '../sp-api/feeds/submit-feed.js';
import { waitForFeed } from '../sp-api/feeds/wait-for-feed.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../time/clock.js';
import type { ClientFor } from './account-clients.js';
import { ORDER_ID } from './check-fields.js';

/**
 * The `CancelReason` values of Amazon's OrderAcknowledgement (the XML guide's list), sent with each item
 * of an order cancelled by a `POST_ORDER_ACKNOWLEDGEMENT_DATA` feed.
 */
export const CANCEL_REASONS: readonly string[] = [
  'NoInventory',
  'ShippingAddressUndeliverable',
  'CustomerExchange',
  'BuyerCanceled',
  'GeneralAdjustment',
  'CarrierCreditDecision',
  'RiskAssessmentInformationNotValid',
  'CarrierCoverageFailure',
  'CustomerReturn',
  'MerchandiseNotReceived',
];

/** Why an order was not cancelled: bad input, a case Amazon offers no way for, or Amazon's refusal. */
export class CancelError extends Error {
  override name = 'CancelError';
  constructor(
    readonly code: 'INVALID' | 'UNSUPPORTED' | 'REFUSED',
    message: string,
  ) {
    super(message);
  }
}

/** What `cancelOrder` is asked. */
export interface CancelOrderInput {
  readonly orderId: string;
  /** One of `CANCEL_REASONS`, matched without case or punctuation (`no-inventory`). */
  readonly reason: string;
  /** The stored account's name, when the order id is stored under several. */
  readonly account?: string | undefined;
  /** Order item ids: a partial cancellation, which Amazon offers no way for (refused as unsupported). */
  readonly items?: readonly string[] | undefined;
}

/** What `cancelOrder` needs. */
export interface CancelDeps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly clientFor: ClientFor;
  /** Said before a wait for Amazon's processing that takes longer than 5 s. */
  readonly onWait?: (event: ProcessingWaitEvent) => void;
  /** The longest wait for the feed. @default 1_800_000 */
  readonly maxWaitMs?: number;
  readonly signal?: AbortSignal;
}

/** A cancelled order. */
export interface CancelledOrder {
  readonly orderId: string;
  readonly account: string;
  readonly reason: string;
  readonly feedId: string;
}

/** Amazon's spelling of a cancel reason, or undefined. */
export function findCancelReason(input: string): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return CANCEL_REASONS.find((r) => squash(r) === squash(input));
}

/**
 * Cancels a whole unshipped seller-fulfilled order the way Amazon supports for sellers: a
 * `POST_ORDER_ACKNOWLEDGEMENT_DATA` feed whose OrderAcknowledgement has `StatusCode` Failure and the
 * reason on each item. Checked first against the store (and no csm shipment of the order), then against
 * the order at Amazon (it must be Unshipped there now), then sent; the feed's processing report says
 * whether Amazon accepted it. Cases Amazon offers no way for (FBA, shipped or partly shipped, some items
 * only, Pending) fail with `CancelError` `UNSUPPORTED` saying why; the order then moves to holding
 * `complete`.
 */
export async function cancelOrder(deps: CancelDeps, input: CancelOrderInput): Promise<CancelledOrder> {
  const orderId = input.orderId.trim();
  if (!ORDER_ID.test(orderId)) {
    throw new CancelError(
      'INVALID',
      `'${orderId}' is not an Amazon order id: expected 3-7-7 digits, e.g. 123-1234567-1234567`,
    );
  }
  const reason = findCancelReason(input.reason);
  if (!reason) {
    throw new CancelError(
      'INVALID',
      `--reason '${input.reason}' is not one of Amazon's cancel reasons: ${CANCEL_REASONS.join(', ')}`,
    );
  }
  if (input.items && input.items.length > 0) {
    throw new CancelError(
      'UNSUPPORTED',
      "cancelling some items of an order is not supported: Amazon's acknowledgement feed cancels an order whole, and " +
        'its adjustment feed refunds rather than cancels. Cancel the whole order (leave out --items), or ship what you ' +
        'have and refund the rest in Seller Central (docs/writeback.md#cancellation)',
    );
  }
  const account = input.account?.trim() || undefined;
  let query = deps.db
    .selectFrom('orders')
    .innerJoin('accounts', 'accounts.id', 'orders.account_id')
    .select([
      'orders.account_id',
      'accounts.name as account',
      'accounts.seller_id',
      'orders.marketplace_id',
      'orders.status',
      'orders.fulfilled_by',
    ])
    .where('orders.order_id', '=', orderId);
  if (account) query = query.where('accounts.name', '=', account);
  const rows = await query.execute();
  if (rows.length === 0) {
    throw new CancelError(
      'INVALID',
      `order ${orderId} is not in the store${account ? ` for account ${account}` : ''}: check the id, or sync first (csm sync)`,
    );
  }
  if (rows.length > 1) {
    throw new CancelError(
      'INVALID',
      `order ${orderId} is stored for several accounts (${rows.map((r) => r.account).join(', ')}): name one with --account`,
    );
  }
  const row = rows[0] as (typeof rows)[number];
  unsupported(orderId, row.fulfilled_by, row.status);
  const shipments = await deps.db
    .selectFrom('shipment_packages')
    .select(['package_reference_id', 'status'])
    .where('account_id', '=', row.account_id)
    .where('order_id', '=', orderId)
    .where('status', '<>', 'failed')
    .execute();
  if (shipments.length > 0) {
    throw new CancelError(
      'UNSUPPORTED',
      `order ${orderId} has ${shipments.length} package${shipments.length === 1 ? '' : 's'} stored for shipping (csm ship --list ${orderId}): ` +
        'an order with a shipment cannot be cancelled; refund it in Seller Central instead',
    );
  }

  const client = await deps.clientFor(row.account_id);
  const signal = deps.signal;
  // Amazon's state now, not the last sync's: the buyer may have cancelled, or someone shipped it.
  const current = await client.call('getOrder@2026-01-01', {
    path: { orderId },
    query: { includedData: ['FULFILLMENT'] },
    ...(signal ? { signal } : {}),
  });
  const fulfillment = current.body.order.fulfillment;
  unsupported(
    orderId,
    fulfillment?.fulfilledBy ?? row.fulfilled_by,
    fulfillment?.fulfillmentStatus ?? row.status,
    'at Amazon',
  );

  const items = current.body.order.orderItems.map((i) => i.orderItemId);
  const marketplaceId = current.body.order.salesChannel.marketplaceId ?? row.marketplace_id ?? '';
  const submitted = await submitFeed(client, {
    feedType: 'POST_ORDER_ACKNOWLEDGEMENT_DATA',
    marketplaceIds: [marketplaceId],
    content: acknowledgementXml(row.seller_id ?? '', orderId, items, reason),
    contentType: FEED_CONTENT_TYPES.xml,
    ...(signal ? { signal } : {}),
  });
  const feed = await waitForFeed(client, submitted.feedId, {
    clock: deps.clock,
    ...(deps.onWait ? { onWait: deps.onWait } : {}),
    ...(deps.maxWaitMs === undefined ? {} : { maxWaitMs: deps.maxWaitMs }),
    ...(signal ? { signal } : {}),
  });
  if (feed.processingStatus !== 'DONE' || !feed.resultFeedDocumentId) {
    throw new CancelError(
      'REFUSED',
      `Amazon did not process the cancellation feed ${submitted.feedId} (${feed.processingStatus}): the order is not cancelled; try again, or cancel it in Seller Central`,
    );
  }
  const result = await readFeedResult(client, feed.resultFeedDocumentId, signal ? { signal } : {});
  const outcome = result.outcomeOf(1);
  if (outcome.status !== 'accepted') {
    const said = outcome.errors.map((e) => `${e.code} ${e.message}`).join('; ');
    throw new CancelError(
      'REFUSED',
      `Amazon refused to cancel order ${orderId} (feed ${submitted.feedId}): ${said}`,
    );
  }
  await deps.db
    .updateTable('orders')
    .set({
      holding: 'complete',
      holding_note: `cancelled at Amazon (csm orders cancel, ${reason})`,
      holding_changed_at: new Date(deps.clock.now()),
    })
    .where('account_id', '=', row.account_id)
    .where('order_id', '=', orderId)
    .execute();
  return { orderId, account: row.account, reason, feedId: submitted.feedId };
}

/** Refuses the cases Amazon offers sellers no cancellation for, saying why. */
function unsupported(
  orderId: string,
  fulfilledBy: string | null | undefined,
  status: string | null | undefined,
  where = 'in the store',
): void {
  if (fulfilledBy === 'AMAZON') {
    throw new CancelError(
      'UNSUPPORTED',
      `order ${orderId} is fulfilled by Amazon (FBA): cancelling it is not supported; Amazon fulfils it and handles its cancellation (the buyer asks Amazon)`,
    );
  }
  switch (status) {
    case 'UNSHIPPED':
      return;
    case 'CANCELLED':
      throw new CancelError('INVALID', `order ${orderId} is already cancelled ${where}: nothing to do`);
    case 'SHIPPED':
    case 'PARTIALLY_SHIPPED':
      throw new CancelError(
        'UNSUPPORTED',
        `order ${orderId} is ${status === 'SHIPPED' ? 'shipped' : 'partly shipped'} ${where}: cancelling it is not supported; ` +
          'a cancellation after a shipment would refund the whole order. Refund or take a return in Seller Central instead',
      );
    case 'PENDING':
    case 'PENDING_AVAILABILITY':
      throw new CancelError(
        'UNSUPPORTED',
        `order ${orderId} is Pending ${where}: a seller cannot cancel it until Amazon confirms the payment; wait until it is Unshipped (csm sync), or Amazon cancels it if the payment fails`,
      );
    default:
      throw new CancelError(
        'UNSUPPORTED',
        `order ${orderId} is ${status ?? 'in no known status'} ${where}: only Unshipped orders can be cancelled`,
      );
  }
}

/** The OrderAcknowledgement document: StatusCode Failure, the reason on every item. */
export function acknowledgementXml(
  sellerId: string,
  orderId: string,
  orderItemIds: readonly string[],
  reason: string,
): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const items = orderItemIds
    .map(
      (id) =>
        `        <Item>\n          <AmazonOrderItemCode>${esc(id)}</AmazonOrderItemCode>\n          <CancelReason>${reason}</CancelReason>\n        </Item>\n`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header>
    <DocumentVersion>1.01</DocumentVersion>
    <MerchantIdentifier>${esc(sellerId)}</MerchantIdentifier>
  </Header>
  <MessageType>OrderAcknowledgement</MessageType>
  <Message>
    <MessageID>1</MessageID>
    <OrderAcknowledgement>
      <AmazonOrderID>${esc(orderId)}</AmazonOrderID>
      <StatusCode>Failure</StatusCode>
${items}    </OrderAcknowledgement>
  </Message>
</AmazonEnvelope>
`;
}
