/** The events an ERP can subscribe to (docs/webhooks.md). */
export const EVENT_TYPES = [
  'order.created',
  'order.updated',
  'shipment.confirmed',
  'shipment.failed',
  'account.unhealthy',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}
