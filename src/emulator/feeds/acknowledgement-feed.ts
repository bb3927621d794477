import type { EmulatorState } from '../emulator-state.js';
import type { FeedSummary, StoredFeed } from './feed-store.js';
import { type Result, report } from './fulfillment-feed.js';
import { childText, parseXml, type XmlElement, XmlError } from './xml.js';

/** What processing an order acknowledgement feed produced: the XML report and its counts. */
export interface AcknowledgementFeedResult {
  report: string;
  summary: FeedSummary;
}

/**
 * The `CancelReason` values of the OrderAcknowledgement schema (as Amazon's XML guide lists them); the
 * order shows them in the 2026-01-01 form (`NoInventory` → `NO_INVENTORY`).
 */
export const ACK_CANCEL_REASONS: readonly string[] = [
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

const CODES = { xml: 5001, refused: 18028 } as const;

/**
 * Processes a `POST_ORDER_ACKNOWLEDGEMENT_DATA` document (`AmazonEnvelope`, `MessageType`
 * OrderAcknowledgement) at the end of its processing. Each `<Message>`'s `OrderAcknowledgement` has
 * `AmazonOrderID`, `MerchantOrderID`?, `StatusCode` (`Success` or `Failure`) and `Item`*
 * (`AmazonOrderItemCode`, `MerchantOrderItemID`?, `CancelReason`). `Success` acknowledges the order and
 * changes nothing the API shows; `Failure` cancels the whole order, which must be seller-fulfilled and
 * Unshipped (Amazon warns that a Failure after a shipment refunds the whole order; the emulator refuses
 * it), with the `CancelReason` of its items (required, one of Amazon's values, on every item named). The
 * report is the XML processing report, one `<Result>` per refused message.
 */
export function processAcknowledgementFeed(
  state: EmulatorState,
  feed: StoredFeed,
  text: string,
  atMs: number,
): AcknowledgementFeedResult {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    const description = `The XML you submitted is ill-formed at the Amazon Envelope XML level at (or near) line ${error.line}, column ${error.column}.`;
    return report(feed, 0, [{ messageId: 0, code: 'Error', messageCode: CODES.xml, description }]);
  }
  const messageType = childText(root, 'MessageType');
  if (root.name !== 'AmazonEnvelope' || messageType !== 'OrderAcknowledgement') {
    const description = `The MessageType '${messageType ?? ''}' is not valid for feed type POST_ORDER_ACKNOWLEDGEMENT_DATA; use OrderAcknowledgement.`;
    return report(feed, 0, [{ messageId: 0, code: 'Error', messageCode: CODES.xml, description }]);
  }
  const messages = root.children.filter((c) => c.name === 'Message');
  const results: Result[] = [];
  for (const [index, message] of messages.entries()) {
    const result = acknowledge(state, feed, message, index + 1, atMs);
    if (result) results.push(result);
  }
  return report(feed, messages.length, results);
}

function acknowledge(
  state: EmulatorState,
  feed: StoredFeed,
  message: XmlElement,
  position: number,
  atMs: number,
): Result | undefined {
  const idText = childText(message, 'MessageID');
  const messageId = idText !== undefined && /^\d{1,18}$/.test(idText) ? Number(idText) : position;
  const refuse = (description: string, amazonOrderId?: string): Result => ({
    messageId,
    code: 'Error',
    messageCode: CODES.refused,
    description,
    ...(amazonOrderId === undefined ? {} : { amazonOrderId }),
  });
  const incomplete = (what: string, orderId?: string) =>
    refuse(`The data you submitted is incomplete or invalid: ${what}.`, orderId);
  if (idText === undefined || !/^\d{1,18}$/.test(idText))
    return incomplete('MessageID must be a positive number');
  const ack = message.children.find((c) => c.name === 'OrderAcknowledgement');
  if (!ack) return incomplete('the message has no OrderAcknowledgement');
  const orderId = childText(ack, 'AmazonOrderID');
  if (!orderId) return incomplete('AmazonOrderID is required');
  const statusCode = childText(ack, 'StatusCode');
  if (statusCode !== 'Success' && statusCode !== 'Failure') {
    return incomplete('StatusCode must be Success or Failure', orderId);
  }
  const stored = state.orders.get(feed.sellerId, orderId);
  if (!stored) return refuse(`Order ${orderId} was not found for this seller.`, orderId);
  if (statusCode === 'Success') return undefined;

  const order = stored.order;
  const items = ack.children.filter((c) => c.name === 'Item');
  const reasons = new Set<string>();
  for (const item of items) {
    const code = childText(item, 'AmazonOrderItemCode');
    if (!code || !order.orderItems.some((i) => i.orderItemId === code)) {
      return refuse(`Item ${code ?? ''} is not part of order ${orderId}.`, orderId);
    }
    const reason = childText(item, 'CancelReason');
    if (!reason || !ACK_CANCEL_REASONS.includes(reason)) {
      return incomplete(`CancelReason must be one of ${ACK_CANCEL_REASONS.join(', ')}`, orderId);
    }
    reasons.add(reason);
  }
  if (reasons.size === 0)
    return incomplete('a StatusCode of Failure needs an Item with its CancelReason', orderId);
  if (order.fulfillment?.fulfilledBy === 'AMAZON') {
    return refuse(
      `Order ${orderId} is fulfilled by Amazon (AFN); only seller-fulfilled orders can be cancelled.`,
      orderId,
    );
  }
  const status = order.fulfillment?.fulfillmentStatus;
  if (status !== 'UNSHIPPED') {
    return refuse(
      `Order ${orderId} is ${status ?? 'in an unknown status'}; only Unshipped orders can be cancelled.`,
      orderId,
    );
  }
  const [reason] = [...reasons];
  state.orders.cancel(stored, upperSnake(reason ?? 'GeneralAdjustment'), atMs);
  return undefined;
}

function upperSnake(text: string): string {
  return text.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
