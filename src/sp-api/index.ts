// Public API of the SP-API client.

export {
  CLIENT_CREDENTIAL_ROTATION_SCOPE,
  grantlessScopeFor,
  NOTIFICATIONS_SCOPE,
} from '../amazon/grantless-scopes.js';
export { MARKETPLACES, type Marketplace, regionOfMarketplace } from '../amazon/marketplaces.js';
export { endpointForRegion, REGIONS, type Region } from '../amazon/regions.js';
export { type Clock, realClock, type Timer } from '../time/clock.js';
export {
  createLwaTokenProvider,
  DEFAULT_LWA_ENDPOINT,
  type LwaTokenProvider,
  type LwaTokenProviderOptions,
} from './auth/lwa-token-provider.js';
export type { TokenSource } from './auth/token-source.js';
export { createSpApiClient, type SpApiClient } from './client.js';
export type { RestrictedDataTokenOptions, SpApiClientOptions } from './client-options.js';
export {
  type DocumentTransfer,
  DocumentTransferError,
  isDocumentTransferError,
} from './documents/document-transfer-error.js';
export { type DocumentSource, type DocumentStream, downloadDocument } from './documents/download-document.js';
export {
  PROCESSING_WAIT_DEFAULTS,
  type ProcessingWaitEvent,
  type ProcessingWaitOptions,
} from './documents/poll-until-processed.js';
export { ProcessingWaitError } from './documents/processing-wait-error.js';
export { type DocumentTransferOptions, TRANSFER_DEFAULTS } from './documents/transfer-options.js';
export { type FeedDocumentTarget, uploadFeedDocument } from './documents/upload-feed-document.js';
export { CsmApiError, type ErrorKind } from './errors/csm-api-error.js';
export { type DiagnoseInput, diagnose } from './errors/diagnose.js';
export type { Diagnosis } from './errors/diagnosis.js';
export { DIAGNOSIS_KINDS, type DiagnosisCode, type UsageCode } from './errors/diagnosis-codes.js';
export { isCsmApiError, isLwaError, isSpApiError, isSpApiUsageError } from './errors/guards.js';
export { LwaError } from './errors/lwa-error.js';
export { SpApiError, type SpApiErrorEntry } from './errors/sp-api-error.js';
export { SpApiUsageError } from './errors/usage-error.js';
export { LONG_WAIT_MS } from './events/announce-wait.js';
export type {
  AttemptEvent,
  AttemptWait,
  EventError,
  SpApiClientEvent,
  SpApiClientEventType,
  SpApiClientListener,
  TokenEvent,
  WaitEvent,
  WaitFor,
} from './events/client-events.js';
export type { FeedIssue, FeedMessageOutcome, FeedResult, FeedResultSummary } from './feeds/feed-result.js';
export { parseFeedReport, readFeedResult } from './feeds/read-feed-result.js';
export {
  FEED_CONTENT_TYPES,
  type SubmitFeedRequest,
  type SubmittedFeed,
  submitFeed,
} from './feeds/submit-feed.js';
export { type Feed, waitForFeed } from './feeds/wait-for-feed.js';
export { type LogFn, type Logger, silentLogger } from './log/logger.js';
export type {
  LooseOperationRequest,
  OperationRequest,
  OperationResponse,
  OperationSuccessBody,
  PaginatedOperationKey,
} from './operation-types.js';
export { LAYER_ORDER } from './pipeline.js';
export { createMemoryRateLimitStore } from './rate-limit/memory-rate-limit-store.js';
export { RATE_LIMIT_DEFAULTS, type RateLimitOptions } from './rate-limit/rate-limit-layer.js';
export type { BucketLimits, RateLimitStore, Reservation } from './rate-limit/rate-limit-store.js';
export { redactText, redactValue } from './redact.js';
export {
  parseTabSeparatedReport,
  type TabSeparatedOptions,
} from './reports/parse-tab-separated-report.js';
export { readReportDocument } from './reports/read-report-document.js';
export { type RequestReportRequest, requestReport } from './reports/request-report.js';
export { type Report, waitForReport } from './reports/wait-for-report.js';
export { type AttemptOutcome, isIdempotent, isRetryable } from './retry/is-retryable.js';
export { RETRY_DEFAULTS, type RetryOptions } from './retry/retry-layer.js';
export { TIMEOUT_DEFAULTS } from './timeout/call-deadline.js';
export {
  createFetchTransport,
  type FetchTransportOptions,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from './transport.js';
