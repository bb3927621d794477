interface OperationStats {
  requests: number;
  /** Answered 429 (rate limit or fault). */
  throttled: number;
  /** Answered any other status ≥ 400, or dropped / malformed by a fault. */
  errors: number;
}

/** Request counters per operation key, for `GET /_emulator/stats`. */
export class Stats {
  private operations: Record<string, OperationStats> = {};

  record(opKey: string, outcome: 'ok' | 'throttled' | 'error'): void {
    this.operations[opKey] ??= { requests: 0, throttled: 0, errors: 0 };
    const s = this.operations[opKey];
    s.requests++;
    if (outcome === 'throttled') s.throttled++;
    else if (outcome === 'error') s.errors++;
  }

  snapshot(): { operations: Record<string, OperationStats> } {
    return { operations: structuredClone(this.operations) };
  }

  reset(): void {
    this.operations = {};
  }
}
