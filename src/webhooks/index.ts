// Webhooks for the ERP: the events outbox, subscriptions, signed deliveries (docs/webhooks.md).

export {
  type AccountHealth,
  accountHealth,
  accountsHealth,
  checkAccountsHealth,
  type HealthOptions,
  type HealthReason,
  type HealthReasonCode,
  SECRET_LIFETIME_DAYS,
} from './account-health.js';
export {
  type AttemptOutcome,
  attemptDelivery,
  type DeliveryDeps,
  type WebhookPayload,
} from './attempt-delivery.js';
export { BACKOFF_DEFAULTS, type BackoffOptions, retryDelayMs } from './backoff.js';
export {
  type AttemptView,
  type DeliveryFilter,
  type DeliveryView,
  listDeliveries,
  webhookFailureCount,
} from './deliveries.js';
export {
  type DispatcherOptions,
  startWebhookDispatcher,
  type WebhookDispatcher,
  type WebhookEvent,
  webhooksServePart,
} from './dispatcher.js';
export { EVENT_TYPES, type EventType, isEventType } from './event-types.js';
export { fanOutEvents } from './fan-out.js';
export { type PostOptions, type PostResult, postWebhook } from './post-webhook.js';
export { HISTORY_DAYS, pruneWebhookHistory } from './prune-history.js';
export { type NewEvent, recordEvent } from './record-event.js';
export { sendTestDelivery, TEST_EVENT_TYPE } from './send-test.js';
export {
  HEADER_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  signPayload,
  verifySignature,
} from './signature.js';
export {
  createSubscription,
  findSubscription,
  listSubscriptions,
  type NewSubscription,
  removeSubscription,
  type Subscription,
  subscriptionExists,
} from './subscriptions.js';
export { isWebhookError, WebhookError, type WebhookErrorCode } from './webhook-error.js';
export { createWebhookQueue, type DeliveryJob, WEBHOOK_QUEUE } from './webhook-queue.js';
