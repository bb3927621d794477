import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Vault } from '../accounts/vault/index.js';
import type { Database } from '../store/schema.js';
import type { Clock } from '../time/clock.js';
import type { SpApiCounters } from './metrics/sp-api-counters.js';

/**
 * What the HTTP app works with. The app is built from these alone (`buildHttpApp`), so tests build it on a
 * test store and call `app.inject()` without starting a server or the jobs.
 */
export interface HttpDeps {
  readonly db: Kysely<Database>;
  /** @default realClock */
  readonly clock?: Clock;
  /**
   * Opens buyer and recipient data (order PII is sealed under the vault's keys). Without it every order is
   * shown masked and a reveal answers 409 `CONFLICT`.
   */
  readonly vault?: Vault;
  /**
   * 'Sync now' for an account, from the running jobs (`ServeContext.requestSync`). Without it (an app with
   * no jobs, as in tests) the request is written to the account's schedule for the next scheduler tick.
   */
  readonly requestSync?: (accountId: string) => Promise<'queued' | 'pending'>;
  /**
   * Trust `X-Forwarded-Proto` and `X-Forwarded-For` from a reverse proxy (cookie `Secure`, client address for
   * throttling). Only set it when csm is reachable through the proxy alone. @default false
   */
  readonly trustProxy?: boolean;
  /** The SP-API clients' attempts in this process (`/metrics`, 429s in `GET /api/v1/sync`); none when absent. */
  readonly spApiCounters?: SpApiCounters;
  /** Failed webhook deliveries (the webhooks' `webhookFailureCount`), for `/metrics`; left out when absent. */
  readonly webhookFailures?: () => Promise<{ attempts: number; givenUp: number }>;
  /** Where request logs go (one JSON line each, without cookies, tokens or PII); none when absent. */
  readonly log?: { write(line: string): void };
  /** Further routes or plugins, registered after the built-in ones (tests, embedders). */
  readonly plugins?: readonly HttpPlugin[];
}

/**
 * A part of the HTTP app: registers its routes on the instance it is given. Every route needs auth unless
 * its `config` says `{ public: true }`; `request.principal` names who is asking (src/http/auth).
 */
export type HttpPlugin = (app: FastifyInstance, deps: HttpDeps) => Promise<void>;
