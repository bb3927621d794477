import type { SpApiClient } from '../sp-api/client.js';
import type { ProcessingWaitEvent } from '../sp-api/documents/poll-until-processed.js';
import { readFeedResult } from '../sp-api/feeds/read-feed-result.js';
import { FEED_CONTENT_TYPES, submitFeed } from '../sp-api/feeds/submit-feed.js';
import { waitForFeed } from '../sp-api/feeds/wait-for-feed.js';
import type { ShipmentStatus } from '../store/schema.js';
import { OTHER_CARRIER } from './carrier.js';
import {
  claim,
  confirm,
  fail,
  type PackageEvent,
  type PackageRow,
  retryOrFail,
  type SendDeps,
  sendPackage,
} from './send-package.js';

/**
 * Packages in one file above which `csm ship --file` sends them with one `POST_ORDER_FULFILLMENT_DATA` feed
 * per account and marketplace instead of a confirmShipment each. confirmShipment runs at 2 a second (burst
 * 10): 500 packages take about 4 minutes, about what Amazon takes to process a feed, and Amazon recommends
 * the API for per-order confirmation; above that the feed is quicker.
 */
export const SHIPMENT_FEED_THRESHOLD = 500;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const esc = (text: string) => text.replace(/[&<>"]/g, (c) => XML_ESCAPES[c] ?? c);

/**
 * Sends packages with `POST_ORDER_FULFILLMENT_DATA`: claims them, writes one feed per account and
 * marketplace (a `<Message>` per package: `MessageID` its place in the feed, `MerchantFulfillmentID` its
 * package reference id, date, carrier, method, tracking number, items), records the feed and message id on
 * each package, waits for Amazon's processing and maps each result back by `MessageID`: accepted →
 * confirmed, an error → failed with Amazon's words. A package whose earlier attempt has no recorded answer
 * goes the confirmShipment way (`sendPackage`), which looks it up at Amazon first. A feed that fails as a
 * whole leaves its packages pending and marked, so the next attempt reconciles them one by one.
 */
export async function sendPackagesByFeed(
  deps: SendDeps & { readonly onWait?: (event: ProcessingWaitEvent) => void },
  packageIds: readonly string[],
): Promise<Map<string, ShipmentStatus>> {
  const statuses = new Map<string, ShipmentStatus>();
  const groups = new Map<string, { accountId: string; marketplaceId: string; rows: PackageRow[] }>();
  for (const id of packageIds) {
    const claimed = await claim(deps, id);
    if ('outcome' in claimed) {
      statuses.set(id, claimed.outcome.status);
      continue;
    }
    if (claimed.mustReconcile) {
      // Give the claim back and take the careful way: reconcile, then confirmShipment.
      await deps.db
        .updateTable('shipment_packages')
        .set({
          status: 'pending',
          lease_owner: null,
          lease_until: null,
          attempts: claimed.row.attempts,
          next_attempt_at: new Date(deps.clock.now()),
        })
        .where('id', '=', id)
        .execute();
      statuses.set(id, (await sendPackage(deps, id)).status);
      continue;
    }
    const shipment = await deps.db
      .selectFrom('shipments')
      .select('marketplace_id')
      .where('id', '=', claimed.row.shipment_id)
      .executeTakeFirstOrThrow();
    const key = `${claimed.row.account_id} ${shipment.marketplace_id}`;
    const group = groups.get(key) ?? {
      accountId: claimed.row.account_id,
      marketplaceId: shipment.marketplace_id,
      rows: [],
    };
    group.rows.push(claimed.row);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    for (const [id, status] of await sendGroup(deps, group)) statuses.set(id, status);
  }
  return statuses;
}

async function sendGroup(
  deps: SendDeps & { readonly onWait?: (event: ProcessingWaitEvent) => void },
  group: { accountId: string; marketplaceId: string; rows: PackageRow[] },
): Promise<Map<string, ShipmentStatus>> {
  const out = new Map<string, ShipmentStatus>();
  const eventFor =
    (row: PackageRow) =>
    (type: PackageEvent['type'], extra: Partial<PackageEvent> = {}) =>
      deps.onEvent?.({
        type,
        packageId: row.id,
        orderId: row.order_id,
        packageReferenceId: row.package_reference_id,
        ...extra,
      });
  let client: SpApiClient;
  let sellerId = '';
  try {
    client = await deps.clientFor(group.accountId);
    const account = await deps.db
      .selectFrom('accounts')
      .select('seller_id')
      .where('id', '=', group.accountId)
      .executeTakeFirst();
    sellerId = account?.seller_id ?? '';
  } catch (error) {
    for (const row of group.rows) {
      const message = error instanceof Error ? error.message : String(error);
      out.set(row.id, (await fail(deps, row, 'account', message, eventFor(row))).status);
    }
    return out;
  }
  let feedId: string;
  try {
    const submitted = await submitFeed(client, {
      feedType: 'POST_ORDER_FULFILLMENT_DATA',
      marketplaceIds: [group.marketplaceId],
      content: fulfillmentXml(sellerId, group.rows),
      contentType: FEED_CONTENT_TYPES.xml,
    });
    feedId = submitted.feedId;
  } catch (error) {
    // createFeed may have been applied with its answer lost: the packages stay marked for reconciling.
    for (const row of group.rows)
      out.set(row.id, (await retryOrFail(deps, row, error, eventFor(row), true)).status);
    return out;
  }
  for (const [index, row] of group.rows.entries()) {
    await deps.db
      .updateTable('shipment_packages')
      .set({ feed_id: feedId, feed_message_id: index + 1, via: 'feed' })
      .where('id', '=', row.id)
      .execute();
    eventFor(row)('sending', { message: `in feed ${feedId}, message ${index + 1}` });
  }
  try {
    const feed = await waitForFeed(client, feedId, {
      clock: deps.clock,
      ...(deps.onWait ? { onWait: deps.onWait } : {}),
    });
    if (feed.processingStatus !== 'DONE' || !feed.resultFeedDocumentId) {
      throw new Error(`Amazon ended feed ${feedId} ${feed.processingStatus} without a processing report`);
    }
    const result = await readFeedResult(client, feed.resultFeedDocumentId);
    for (const [index, row] of group.rows.entries()) {
      const outcome = result.outcomeOf(index + 1);
      if (outcome.status === 'accepted') {
        out.set(row.id, (await confirm(deps, row, { reconciled: false }, eventFor(row))).status);
      } else {
        const said = outcome.errors.map((e) => `${e.code} ${e.message.replace(/\.$/, '')}`).join('; ');
        const reason =
          `Amazon's processing report of feed ${feedId}, message ${index + 1}: ${said}. ` +
          'Fix: correct the row and send it again (csm ship --retry ID)';
        out.set(row.id, (await fail(deps, row, 'FeedMessageError', reason, eventFor(row))).status);
      }
    }
  } catch (error) {
    for (const row of group.rows)
      out.set(row.id, (await retryOrFail(deps, row, error, eventFor(row), true)).status);
  }
  return out;
}

/** The `OrderFulfillment` document: a `<Message>` per package, `MessageID` its place. */
export function fulfillmentXml(sellerId: string, rows: readonly PackageRow[]): string {
  const messages = rows
    .map((row, index) => {
      const carrier =
        row.carrier_code === OTHER_CARRIER
          ? `<CarrierName>${esc(row.carrier_name ?? '')}</CarrierName>`
          : `<CarrierCode>${esc(row.carrier_code)}</CarrierCode>`;
      const method = row.shipping_method
        ? `<ShippingMethod>${esc(row.shipping_method)}</ShippingMethod>`
        : '';
      const items = row.items
        .map(
          (i) =>
            `<Item><AmazonOrderItemCode>${esc(i.orderItemId)}</AmazonOrderItemCode><Quantity>${i.quantity}</Quantity></Item>`,
        )
        .join('');
      return (
        `  <Message>\n    <MessageID>${index + 1}</MessageID>\n    <OrderFulfillment>\n` +
        `      <AmazonOrderID>${esc(row.order_id)}</AmazonOrderID>\n` +
        `      <MerchantFulfillmentID>${esc(row.package_reference_id)}</MerchantFulfillmentID>\n` +
        `      <FulfillmentDate>${row.ship_date.toISOString()}</FulfillmentDate>\n` +
        `      <FulfillmentData>${carrier}${method}<ShipperTrackingNumber>${esc(row.tracking_number)}</ShipperTrackingNumber></FulfillmentData>\n` +
        `      ${items}\n    </OrderFulfillment>\n  </Message>\n`
      );
    })
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header>
    <DocumentVersion>1.01</DocumentVersion>
    <MerchantIdentifier>${esc(sellerId)}</MerchantIdentifier>
  </Header>
  <MessageType>OrderFulfillment</MessageType>
${messages}</AmazonEnvelope>
`;
}
