import type { SpApiClientEvent } from '../../sp-api/events/client-events.js';

/** Counts of one operation's attempts in this process. */
export interface OperationCounts {
  /** Attempts by answer: the HTTP status, or `none` when no answer came. */
  readonly byStatus: Map<string, number>;
  /** 429 answers (Amazon's rate limit). */
  throttled: number;
}

/**
 * The SP-API clients' attempts in this process, by operation and by account, from their `attempt` events
 * (docs/sp-api-client.md#events). Counters only grow; a restart starts them at 0, as Prometheus expects.
 */
export class SpApiCounters {
  readonly operations = new Map<string, OperationCounts>();
  private readonly throttledByAccount = new Map<string, number>();

  /** Give it every client event; only attempts count. */
  record(accountId: string | undefined, event: SpApiClientEvent): void {
    if (event.type !== 'attempt') return;
    let counts = this.operations.get(event.operation);
    if (!counts) {
      counts = { byStatus: new Map(), throttled: 0 };
      this.operations.set(event.operation, counts);
    }
    const status = event.status === undefined ? 'none' : String(event.status);
    counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
    if (event.status === 429) {
      counts.throttled += 1;
      if (accountId)
        this.throttledByAccount.set(accountId, (this.throttledByAccount.get(accountId) ?? 0) + 1);
    }
  }

  /** 429 answers to an account's calls in this process. */
  throttledOf(accountId: string): number {
    return this.throttledByAccount.get(accountId) ?? 0;
  }
}
