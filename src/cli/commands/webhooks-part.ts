import type { Vault } from '../../accounts/vault/index.js';
import { realClock } from '../../time/clock.js';
import { type WebhookEvent, webhooksServePart } from '../../webhooks/index.js';
import type { CliWriter } from '../output/cli-writer.js';

/**
 * The webhooks' dispatcher as a part of `csm serve` (and `csm demo`), with its lines on stderr: failed
 * attempts and given-up deliveries (never a secret, a body or a URL's query), `account.unhealthy`, errors.
 * Delivered attempts are quiet: the delivery log has them (csm webhooks deliveries).
 */
export function webhooksPart(vault: Vault, stderr: CliWriter, prefix: string) {
  const say = (text: string) => stderr.write(`${prefix}: webhooks: ${text}\n`);
  const onEvent = (event: WebhookEvent) => {
    switch (event.type) {
      case 'webhook-attempt': {
        const r = event.result;
        if (r.outcome === 'retry')
          say(
            `delivery ${event.deliveryId} attempt ${r.attempt} failed: ${r.error}; next at ${r.nextAttemptAt.toISOString()}`,
          );
        else if (r.outcome === 'failed')
          say(`delivery ${event.deliveryId} given up after ${r.attempt} attempts: ${r.error}`);
        return;
      }
      case 'webhook-unhealthy':
        say(`account.unhealthy recorded for ${event.accountIds.length} account(s)`);
        return;
      case 'webhook-error':
        say(`${event.where}: ${event.message}`);
        return;
    }
  };
  return webhooksServePart({ vault, clock: realClock, onEvent });
}
