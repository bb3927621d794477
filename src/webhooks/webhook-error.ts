/** Stable codes of the webhooks' errors; the API and the CLI map them to 4xx and exit code 2. */
export type WebhookErrorCode =
  | 'WEBHOOK_URL_INVALID'
  | 'WEBHOOK_EVENTS_INVALID'
  | 'WEBHOOK_ACCOUNT_UNKNOWN'
  | 'WEBHOOK_NOT_FOUND';

/** Bad input to the webhooks, with a message that names the problem and the fix. */
export class WebhookError extends Error {
  override readonly name = 'WebhookError';
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Matches by name too, so two copies of the module still agree. */
export function isWebhookError(error: unknown): error is WebhookError {
  return error instanceof WebhookError || (error instanceof Error && error.name === 'WebhookError');
}
