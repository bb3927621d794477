import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { seal } from '../../../src/accounts/vault/index.js';
import type { MasterKey } from '../../../src/accounts/vault/master-key.js';
import type { Database } from '../../../src/store/index.js';

/** Inserts an account and returns its id. */
export async function insertAccount(db: Kysely<Database>, name: string): Promise<string> {
  const row = await db
    .insertInto('accounts')
    .values({
      name,
      kind: 'seller',
      region: 'na',
      client_id: `amzn1.application-oa2-client.${name}`,
      marketplaces: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Secrets shaped like Amazon's, random, so a scan can look for each. */
export function fakeSecrets(): {
  client_secret: string;
  refresh_token: string;
  aws_secret_access_key: string;
} {
  return {
    client_secret: `amzn1.oa2-cs.v1.${randomBytes(32).toString('hex')}`,
    refresh_token: `Atzr|IwEB${randomBytes(48).toString('base64url')}`,
    aws_secret_access_key: randomBytes(30).toString('base64').slice(0, 40),
  };
}

/**
 * `accounts` accounts with `fields` values each, sealed under `key` and inserted in bulk (faster than
 * one put each). Returns every value by account id and field.
 */
export async function seedSecrets(
  db: Kysely<Database>,
  key: MasterKey,
  accounts: number,
  fields: readonly string[],
): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  const names = Array.from({ length: accounts }, (_, i) => `bulk-${i}`);
  for (let start = 0; start < names.length; start += 500) {
    const ids = await db
      .insertInto('accounts')
      .values(
        names.slice(start, start + 500).map((name) => ({
          name,
          kind: 'seller' as const,
          region: 'eu' as const,
          client_id: 'c',
          marketplaces: '[]',
        })),
      )
      .returning('id')
      .execute();
    const rows = ids.flatMap(({ id }) =>
      fields.map((field) => {
        const secret = `${field}-${randomBytes(12).toString('hex')}`;
        values.set(`${id}/${field}`, secret);
        const sealed = seal(key, id, field, secret);
        return {
          account_id: id,
          field,
          key_id: sealed.keyId,
          nonce: sealed.nonce,
          ciphertext: sealed.ciphertext,
          tag: sealed.tag,
        };
      }),
    );
    await db.insertInto('account_secrets').values(rows).execute();
  }
  return values;
}
