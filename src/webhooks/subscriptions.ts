import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { seal, unseal, type Vault } from '../accounts/vault/index.js';
import type { Database } from '../store/schema.js';
import { EVENT_TYPES, type EventType, isEventType } from './event-types.js';
import { WebhookError } from './webhook-error.js';

/** The vault's field name for a subscription's secret (its associated data binds it to the id). */
const SECRET_FIELD = 'webhook_secret';

/** A subscription as shown: never its secret. */
export interface Subscription {
  readonly id: string;
  readonly url: string;
  readonly events: readonly EventType[];
  /** The account whose events it receives; null for every account. */
  readonly accountId: string | null;
  readonly accountName: string | null;
  readonly createdAt: string;
}

/** What `createSubscription` needs. */
export interface NewSubscription {
  readonly url: string;
  readonly events: readonly string[];
  /** Only this account's events (its name). @default every account */
  readonly accountName?: string;
}

/**
 * Creates a subscription with a fresh signing secret, sealed by the vault. The secret is returned here
 * and never again: whoever creates the subscription gives it to the ERP.
 */
export async function createSubscription(
  db: Kysely<Database>,
  vault: Vault,
  input: NewSubscription,
): Promise<{ subscription: Subscription; secret: string }> {
  const url = checkUrl(input.url);
  const events = checkEvents(input.events);
  const accountId = input.accountName === undefined ? null : await accountIdOf(db, input.accountName);
  const secret = `whsec_${randomBytes(32).toString('base64url')}`;
  // The id is known before the insert: the sealed secret is bound to it.
  const id = randomUUID();
  const sealed = seal(vault.key, id, SECRET_FIELD, secret);
  const row = await db
    .insertInto('webhook_subscriptions')
    .values({
      id,
      url,
      events,
      account_id: accountId,
      key_id: sealed.keyId,
      nonce: sealed.nonce,
      ciphertext: sealed.ciphertext,
      tag: sealed.tag,
    })
    .returning('created_at')
    .executeTakeFirstOrThrow();
  return {
    subscription: {
      id,
      url,
      events,
      accountId,
      accountName: input.accountName ?? null,
      createdAt: row.created_at.toISOString(),
    },
    secret,
  };
}

/** Every subscription, oldest first. */
export async function listSubscriptions(db: Kysely<Database>): Promise<Subscription[]> {
  return (await subscriptionQuery(db).execute()).map(toSubscription);
}

/** One subscription; undefined when there is none with this id. */
export async function findSubscription(db: Kysely<Database>, id: string): Promise<Subscription | undefined> {
  if (!isUuid(id)) return undefined;
  const row = await subscriptionQuery(db).where('s.id', '=', id).executeTakeFirst();
  return row && toSubscription(row);
}

function subscriptionQuery(db: Kysely<Database>) {
  return db
    .selectFrom('webhook_subscriptions as s')
    .leftJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.id', 's.url', 's.events', 's.account_id', 'a.name as account_name', 's.created_at'])
    .orderBy('s.created_at')
    .orderBy('s.id');
}

function toSubscription(r: {
  id: string;
  url: string;
  events: string[];
  account_id: string | null;
  account_name: string | null;
  created_at: Date;
}): Subscription {
  return {
    id: r.id,
    url: r.url,
    events: r.events.filter(isEventType),
    accountId: r.account_id,
    accountName: r.account_name,
    createdAt: r.created_at.toISOString(),
  };
}

/** Removes a subscription and its deliveries; fails with `WEBHOOK_NOT_FOUND` when there is none. */
export async function removeSubscription(db: Kysely<Database>, id: string): Promise<void> {
  const removed = isUuid(id)
    ? await db.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst()
    : undefined;
  if (!removed || removed.numDeletedRows === 0n) throw notFound(id);
}

/** Whether a subscription exists (for the delivery log's 404). */
export async function subscriptionExists(db: Kysely<Database>, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const row = await db
    .selectFrom('webhook_subscriptions')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** The subscription's signing secret, opened by the vault (only the dispatcher asks). */
export function openSecret(
  vault: Vault,
  row: { id: string; key_id: string; nonce: Buffer; ciphertext: Buffer; tag: Buffer },
): string {
  return unseal(vault.key, row.id, SECRET_FIELD, {
    keyId: row.key_id,
    nonce: row.nonce,
    ciphertext: row.ciphertext,
    tag: row.tag,
  });
}

export function notFound(id: string): WebhookError {
  return new WebhookError(
    'WEBHOOK_NOT_FOUND',
    `no webhook subscription ${id}: list them with csm webhooks list (or GET /api/v1/webhooks)`,
  );
}

export function isUuid(text: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text);
}

function checkUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new WebhookError(
      'WEBHOOK_URL_INVALID',
      `the webhook URL '${text}' is not an absolute URL: give one like https://erp.example.com/csm-events`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookError(
      'WEBHOOK_URL_INVALID',
      `the webhook URL must be http or https, got ${url.protocol.replace(/:$/, '')}: give one like https://erp.example.com/csm-events`,
    );
  }
  if (url.username || url.password) {
    throw new WebhookError(
      'WEBHOOK_URL_INVALID',
      'the webhook URL must not hold a user name or password: deliveries are signed, verify the signature instead',
    );
  }
  return url.toString();
}

function checkEvents(events: readonly string[]): EventType[] {
  const wanted = [...new Set(events.map((e) => e.trim()).filter((e) => e.length > 0))];
  const unknown = wanted.filter((e) => !isEventType(e));
  if (wanted.length === 0 || unknown.length > 0) {
    throw new WebhookError(
      'WEBHOOK_EVENTS_INVALID',
      `${wanted.length === 0 ? 'no event given' : `unknown event ${unknown.join(', ')}`}: ` +
        `give one or more of ${EVENT_TYPES.join(', ')}`,
    );
  }
  return wanted as EventType[];
}

async function accountIdOf(db: Kysely<Database>, name: string): Promise<string> {
  const row = await db.selectFrom('accounts').select('id').where('name', '=', name).executeTakeFirst();
  if (row) return row.id;
  const known = (await db.selectFrom('accounts').select('name').orderBy('name').execute()).map((r) => r.name);
  throw new WebhookError(
    'WEBHOOK_ACCOUNT_UNKNOWN',
    `no account named ${name}: ${known.length > 0 ? `known accounts are ${known.join(', ')}` : 'connect one first (csm connect)'}`,
  );
}
