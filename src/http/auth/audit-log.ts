import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Principal } from './principal.js';

/** One audit entry; `detail` must hold neither secrets nor buyer data. */
export interface AuditEntry {
  readonly action: string;
  readonly accountId?: string | null;
  readonly orderId?: string | null;
  readonly detail?: Record<string, unknown>;
}

/** Records what a principal did (a PII reveal, a sign-in) in `audit_log`. */
export async function audit(
  db: Kysely<Database>,
  actor: Pick<Principal, 'kind' | 'name'> | { kind: 'cli' | 'anonymous'; name: string },
  entry: AuditEntry,
  at: Date,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at,
      actor_kind: actor.kind === 'session' ? 'user' : actor.kind,
      actor: actor.name,
      action: entry.action,
      account_id: entry.accountId ?? null,
      order_id: entry.orderId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .execute();
}
