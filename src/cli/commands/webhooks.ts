import { type Command, InvalidArgumentError } from 'commander';
import { realClock } from '../../time/clock.js';
import {
  createSubscription,
  type DeliveryView,
  EVENT_TYPES,
  isWebhookError,
  listDeliveries,
  listSubscriptions,
  removeSubscription,
  type Subscription,
  sendTestDelivery,
  subscriptionExists,
} from '../../webhooks/index.js';
import { CliError } from '../cli-error.js';
import type { CliContext } from '../context.js';
import { ExitCode } from '../exit-code.js';
import { withAccounts } from './accounts.js';

/**
 * `csm webhooks add|list|remove|deliveries|test`: the ERP's subscriptions to csm's events and their
 * delivery log (docs/webhooks.md). `csm serve` makes the deliveries; these commands work beside it.
 */
export function registerWebhooksCommand(program: Command, context: CliContext): void {
  const webhooks = program
    .command('webhooks')
    .description('subscribe an ERP URL to events (order.created, shipment.failed, …) and see the deliveries');

  webhooks
    .command('add')
    .description('subscribe a URL; prints the signing secret once, alone on its last line')
    .argument('<url>', 'where csm POSTs the events (http or https)')
    .requiredOption('--events <list>', `comma-separated: ${EVENT_TYPES.join(', ')}`, list)
    .option('--account <name>', "only this account's events (default: every account)")
    .option('--json', 'print the subscription and its secret as JSON')
    .action((url: string, flags: { events: string[]; account?: string; json?: boolean }) =>
      withWebhooks(context, async ({ store, vault }) => {
        const { subscription, secret } = await createSubscription(store.db, vault, {
          url,
          events: flags.events,
          ...(flags.account === undefined ? {} : { accountName: flags.account }),
        });
        if (flags.json) {
          context.stdout.write(`${JSON.stringify({ ...subscription, secret }, null, 2)}\n`);
        } else {
          context.stdout.write(`${describe(subscription)}\n${secret}\n`);
        }
        context.stderr.write(
          'csm webhooks: the secret above is shown this once: give it to the receiver to verify the ' +
            'Csm-Webhook-Signature header (docs/webhooks.md); csm serve makes the deliveries\n',
        );
      }),
    );

  webhooks
    .command('list')
    .description('every subscription (never its secret)')
    .option('--json', 'print { "webhooks": [...] } as JSON')
    .action((flags: { json?: boolean }) =>
      withWebhooks(context, async ({ store }) => {
        const all = await listSubscriptions(store.db);
        if (flags.json) {
          context.stdout.write(`${JSON.stringify({ webhooks: all }, null, 2)}\n`);
          return;
        }
        if (all.length === 0) {
          context.stderr.write(
            'csm webhooks: no subscription yet; add one with csm webhooks add URL --events …\n',
          );
          return;
        }
        for (const s of all) context.stdout.write(`${describe(s)}\n`);
      }),
    );

  webhooks
    .command('remove')
    .description('remove a subscription and its delivery log')
    .argument('<id>', 'the subscription (csm webhooks list)')
    .action((id: string) =>
      withWebhooks(context, async ({ store }) => {
        await removeSubscription(store.db, id);
        context.stdout.write(`removed webhook ${id}\n`);
      }),
    );

  webhooks
    .command('deliveries')
    .description('the delivery log, newest first: each delivery with its attempts')
    .option('--failed', 'only deliveries with a failed attempt that are not delivered')
    .option('--webhook <id>', 'only this subscription’s')
    .option('--limit <n>', 'at most this many deliveries (1 to 1000, default 50)', limit)
    .option('--json', 'print { "deliveries": [...] } as JSON')
    .action((flags: { failed?: boolean; webhook?: string; limit?: number; json?: boolean }) =>
      withWebhooks(context, async ({ store }) => {
        if (flags.webhook !== undefined && !(await subscriptionExists(store.db, flags.webhook))) {
          throw new CliError(`--webhook ${flags.webhook}: no such subscription (csm webhooks list)`);
        }
        const deliveries = await listDeliveries(store.db, {
          failed: flags.failed === true,
          limit: flags.limit ?? 50,
          ...(flags.webhook === undefined ? {} : { subscriptionId: flags.webhook }),
        });
        if (flags.json) {
          context.stdout.write(`${JSON.stringify({ deliveries }, null, 2)}\n`);
          return;
        }
        if (deliveries.length === 0) {
          context.stderr.write(`csm webhooks: no ${flags.failed ? 'failed ' : ''}delivery\n`);
          return;
        }
        for (const d of deliveries) context.stdout.write(deliveryLines(d));
      }),
    );

  webhooks
    .command('test')
    .description('send a signed webhook.test event to a subscription now (tried once) and print how it went')
    .argument('<id>', 'the subscription (csm webhooks list)')
    .action((id: string) =>
      withWebhooks(context, async ({ store, vault }) => {
        context.stderr.write('csm webhooks: sending a test delivery (waits up to 10 s for an answer)\n');
        const result = await sendTestDelivery({ db: store.db, vault, clock: realClock }, id);
        if (result.outcome === 'delivered') {
          context.stdout.write(`delivered: HTTP ${result.statusCode}\n`);
          return;
        }
        const reason = 'error' in result ? result.error : 'not sent';
        throw new CliError(`test delivery failed: ${reason}`, ExitCode.failed);
      }),
    );
}

type Opened = Parameters<Parameters<typeof withAccounts>[1]>[0];

async function withWebhooks(context: CliContext, run: (opened: Opened) => Promise<void>): Promise<void> {
  await withAccounts(context, async (opened) => {
    try {
      await run(opened);
    } catch (error) {
      // Bad input (a URL, an event name, an unknown id or account): exit 2, the message names the fix.
      if (isWebhookError(error)) throw new CliError(error.message);
      throw error;
    }
  });
}

function describe(s: Subscription): string {
  return `${s.id}  ${s.url}  ${s.events.join(',')}  ${s.accountName ?? 'all accounts'}  created ${s.createdAt}`;
}

function deliveryLines(d: DeliveryView): string {
  const head =
    `${d.createdAt}  ${d.eventType}  ${d.subject ?? '-'}  ${d.status}  attempts ${d.attempts}` +
    (d.nextAttemptAt && d.status === 'pending' ? `  next ${d.nextAttemptAt}` : '') +
    `  webhook ${d.subscriptionId}\n`;
  const log = d.log.map(
    (a) =>
      `  #${a.attempt} ${a.startedAt} ${a.outcome} ${a.statusCode ?? '-'} ${a.durationMs} ms${a.error ? `  ${a.error}` : ''}\n`,
  );
  return head + log.join('');
}

function list(text: string): string[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (items.length === 0) throw new InvalidArgumentError(`give one or more of ${EVENT_TYPES.join(', ')}`);
  return items;
}

function limit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) {
    throw new InvalidArgumentError(`--limit expects a whole number from 1 to 1000, got '${text}'.`);
  }
  return n;
}
