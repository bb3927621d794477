/**
 * Who is asking: a signed-in user (session cookie) or a machine (API token). Every route but the public
 * ones sees one in `request.principal`.
 */
export interface Principal {
  readonly kind: 'session' | 'token';
  /** The user's name, or the token's name. */
  readonly name: string;
  /** The user's id (sessions only). */
  readonly userId: string | null;
  /** Manages users, tokens and accounts; sees every account. */
  readonly admin: boolean;
  /** May reveal buyer and recipient data (each reveal is audit-logged). */
  readonly pii: boolean;
  /** The account ids this principal is limited to; null: every account. */
  readonly accountIds: readonly string[] | null;
  /** The account names of `accountIds` (for `/api/v1/me`); null: every account. */
  readonly accountNames: readonly string[] | null;
  /** Sessions write unless the user is read-only; tokens as created (`--scope`). */
  readonly scope: 'read' | 'write';
  /** The session's CSRF token (sessions only): required on state-changing requests. */
  readonly csrfToken: string | null;
  /** The session's or token's id, for the audit log and sign-out. */
  readonly credentialId: string;
}

/** Whether the principal may see an account's data. */
export function canSeeAccount(principal: Principal, accountId: string): boolean {
  return principal.accountIds === null || principal.accountIds.includes(accountId);
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking; null before auth has run and on public routes without credentials. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The route answers without auth (`/healthz`, the login page). @default false */
    public?: boolean;
  }
}

declare module 'fastify' {
  interface FastifySchema {
    /** OpenAPI: the operation's group. */
    tags?: readonly string[];
    /** OpenAPI: one line on what the operation does. */
    summary?: string;
  }
}
