import { AmazonErrorResponse } from '../amazon-error-response.js';
import { xmlText } from '../documents/s3-error.js';
import type { EmulatorState } from '../emulator-state.js';
import { confirmPackage } from '../operations/confirm-package.js';
import { parseIsoTime } from '../orders/iso-time.js';
import type { FeedSummary, StoredFeed } from './feed-store.js';
import { child, childText, parseXml, type XmlElement, XmlError } from './xml.js';

/** One `<Result>` of an XML processing report. */
export interface Result {
  messageId: number;
  code: 'Error' | 'Warning';
  messageCode: number;
  description: string;
  amazonOrderId?: string;
}

/** What processing an order fulfillment feed produced: the XML report and its counts. */
export interface FulfillmentFeedResult {
  report: string;
  summary: FeedSummary;
}

/**
 * Result codes. 5001 (a document that is not well-formed or not an `AmazonEnvelope`) and 25 (an invalid
 * item) carry the messages seen in Amazon's reports; 18028 is the emulator's code for the other refusals,
 * whose reason is the one confirmShipment gives.
 */
const CODES = { xml: 5001, item: 25, refused: 18028 } as const;

/**
 * Processes a `POST_ORDER_FULFILLMENT_DATA` document (`AmazonEnvelope`, `MessageType` OrderFulfillment) at
 * the end of its processing: each `<Message>` confirms one package of a seller-fulfilled order, as
 * confirmShipment does (`MerchantFulfillmentID` is the package reference; without `<Item>` every unit left
 * ships), and the XML processing report lists a `<Result>` per refused message, mapped by `MessageID`.
 */
export function processFulfillmentFeed(
  state: EmulatorState,
  feed: StoredFeed,
  text: string,
  atMs: number,
): FulfillmentFeedResult {
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (error) {
    if (!(error instanceof XmlError)) throw error;
    const description = `The XML you submitted is ill-formed at the Amazon Envelope XML level at (or near) line ${error.line}, column ${error.column}.`;
    return report(feed, 0, [{ messageId: 0, code: 'Error', messageCode: CODES.xml, description }]);
  }
  if (root.name !== 'AmazonEnvelope') {
    const description = `XML Parsing Fatal Error at Line 1, Column 1: cvc-elt.1: Cannot find the declaration of element '${root.name}'.`;
    return report(feed, 0, [{ messageId: 0, code: 'Error', messageCode: CODES.xml, description }]);
  }
  const messageType = childText(root, 'MessageType');
  if (messageType !== 'OrderFulfillment') {
    const description = `The MessageType '${messageType ?? ''}' is not valid for feed type POST_ORDER_FULFILLMENT_DATA; use OrderFulfillment.`;
    return report(feed, 0, [{ messageId: 0, code: 'Error', messageCode: CODES.xml, description }]);
  }
  const messages = root.children.filter((c) => c.name === 'Message');
  const results: Result[] = [];
  for (const [index, message] of messages.entries()) {
    const result = confirmMessage(state, feed, message, index + 1, atMs);
    if (result) results.push(result);
  }
  return report(feed, messages.length, results);
}

function confirmMessage(
  state: EmulatorState,
  feed: StoredFeed,
  message: XmlElement,
  position: number,
  atMs: number,
): Result | undefined {
  const idText = childText(message, 'MessageID');
  const messageId = idText !== undefined && /^\d{1,18}$/.test(idText) ? Number(idText) : position;
  const refuse = (
    description: string,
    messageCode: number = CODES.refused,
    amazonOrderId?: string,
  ): Result => ({
    messageId,
    code: 'Error',
    messageCode,
    description,
    ...(amazonOrderId === undefined ? {} : { amazonOrderId }),
  });
  const incomplete = (what: string, orderId?: string) =>
    refuse(`The data you submitted is incomplete or invalid: ${what}.`, CODES.refused, orderId);
  if (idText === undefined || !/^\d{1,18}$/.test(idText))
    return incomplete('MessageID must be a positive number');
  const fulfillment = child(message, 'OrderFulfillment');
  if (!fulfillment) return incomplete('the message has no OrderFulfillment');
  const orderId = childText(fulfillment, 'AmazonOrderID');
  if (!orderId) return incomplete('AmazonOrderID is required');
  const dateText = childText(fulfillment, 'FulfillmentDate');
  const shipMs = dateText === undefined ? undefined : parseIsoTime(dateText);
  if (shipMs === undefined) return incomplete('FulfillmentDate must be an ISO 8601 date-time', orderId);
  const data = child(fulfillment, 'FulfillmentData');
  const carrier = data ? (childText(data, 'CarrierCode') ?? childText(data, 'CarrierName')) : undefined;
  if (!carrier) return incomplete('FulfillmentData needs CarrierCode or CarrierName', orderId);
  const stored = state.orders.get(feed.sellerId, orderId);
  if (!stored) return refuse(`Order ${orderId} was not found for this seller.`, CODES.refused, orderId);

  const items = fulfillment.children
    .filter((c) => c.name === 'Item')
    .map((item) => ({
      orderItemId: childText(item, 'AmazonOrderItemCode') ?? '',
      quantity: Number(childText(item, 'Quantity') ?? NaN),
    }));
  const itemProblem = items.find((i) => i.orderItemId === '' || !Number.isInteger(i.quantity));
  if (itemProblem) {
    return refuse(
      'We are unable to process the XML feed because one or more items are invalid. Please re-submit the feed.',
      CODES.item,
      orderId,
    );
  }
  const shippingMethod = data ? childText(data, 'ShippingMethod') : undefined;
  try {
    confirmPackage(
      state,
      stored,
      {
        packageReferenceId: childText(fulfillment, 'MerchantFulfillmentID') ?? `${feed.feedId}-${messageId}`,
        carrier,
        trackingNumber: (data && childText(data, 'ShipperTrackingNumber')) ?? '',
        shipMs,
        items: items.length === 0 ? undefined : items,
        itemsPath: 'Item',
        ...(shippingMethod === undefined ? {} : { shippingMethod }),
      },
      atMs,
      'feed',
    );
    return undefined;
  } catch (error) {
    if (!(error instanceof AmazonErrorResponse)) throw error;
    const code = /'Item\[/.test(error.message) ? CODES.item : CODES.refused;
    return refuse(error.message, code, orderId);
  }
}

/** Amazon's XML processing report (`MessageType` ProcessingReport), also of the acknowledgement feed. */
export function report(
  feed: StoredFeed,
  processed: number,
  results: readonly Result[],
): FulfillmentFeedResult {
  const errors = new Set(results.filter((r) => r.code === 'Error').map((r) => r.messageId)).size;
  const warnings = new Set(results.filter((r) => r.code === 'Warning').map((r) => r.messageId)).size;
  const successful = Math.max(0, processed - errors);
  const resultXml = results
    .map(
      (r) =>
        `      <Result>\n        <MessageID>${r.messageId}</MessageID>\n        <ResultCode>${r.code}</ResultCode>\n        <ResultMessageCode>${r.messageCode}</ResultMessageCode>\n        <ResultDescription>${xmlText(r.description)}</ResultDescription>\n` +
        (r.amazonOrderId
          ? `        <AdditionalInfo>\n          <AmazonOrderID>${xmlText(r.amazonOrderId)}</AmazonOrderID>\n        </AdditionalInfo>\n`
          : '') +
        '      </Result>\n',
    )
    .join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header>
    <DocumentVersion>1.02</DocumentVersion>
    <MerchantIdentifier>${xmlText(feed.sellerId)}</MerchantIdentifier>
  </Header>
  <MessageType>ProcessingReport</MessageType>
  <Message>
    <MessageID>1</MessageID>
    <ProcessingReport>
      <DocumentTransactionID>${feed.feedId}</DocumentTransactionID>
      <StatusCode>Complete</StatusCode>
      <ProcessingSummary>
        <MessagesProcessed>${processed}</MessagesProcessed>
        <MessagesSuccessful>${successful}</MessagesSuccessful>
        <MessagesWithError>${processed === 0 ? errors : Math.min(errors, processed)}</MessagesWithError>
        <MessagesWithWarning>${warnings}</MessagesWithWarning>
      </ProcessingSummary>
${resultXml}    </ProcessingReport>
  </Message>
</AmazonEnvelope>
`;
  return {
    report: xml,
    summary: {
      messagesProcessed: processed,
      messagesAccepted: successful,
      messagesInvalid: processed - successful,
    },
  };
}
