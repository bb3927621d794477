/**
 * Amazon's token bucket as the client plans against it: pure functions on plain data, so the maths is
 * testable on any clock and a store can keep the state anywhere.
 *
 * Amazon counts a request when it arrives, and arrivals jitter: a request sent after another may arrive
 * closer to it than the send times say. So the bucket counts every request at the **latest** moment it may
 * have arrived, and the request being planned at the **earliest** (the moment it leaves): a request that
 * was answered arrived no later than its answer, so it counts at `sent + response time`; one that has left
 * but is not answered yet has taken its token but gives no refill credit yet; one not sent yet counts at
 * `planned + marginMs`, the host's longest recent response time. A request may leave at `t` when the bucket,
 * counted that way, has a token for it at `t` (a token from the refill `REFILL_GUARD_MS` before). With every
 * delay 0 this is the plain token bucket (burst at once, then one request per `1 / rate` seconds).
 *
 * Requests are numbered by tickets (1, 2, 3...) and served first come, first served.
 */
export interface TokenBucketState {
  /** Tokens per second. */
  rate: number;
  burst: number;
  /** Tokens at `base.at`, with every request folded out of `entries` counted. */
  base: { tokens: number; at: number };
  /** Requests not folded into `base` yet, in ticket order. */
  entries: BucketEntry[];
  /** The last ticket handed out. */
  issued: number;
}

/** One request the bucket counts. */
export interface BucketEntry {
  ticket: number;
  /** When it is planned to leave, or when it left. */
  at: number;
  left: boolean;
  /** Once answered: from leaving to the answer, the longest it can have taken to arrive. */
  latencyMs?: number;
}

/**
 * Slack given to every token that comes from the refill: Amazon's clock ticks in whole milliseconds and
 * its arithmetic rounds, so a token due at exactly `t` is not asked for before `t + REFILL_GUARD_MS`. A
 * constant offset, not a lower rate.
 */
const REFILL_GUARD_MS = 10;
/** Requests whose latest arrival is older than this are folded into `base`, so the state stays small. */
const FOLD_AFTER_MS = 60_000;
// Floating-point slack, so a token that is due now is not reported as 0.0000001 ms away.
const EPSILON = 1e-9;

/** A full bucket. */
export function newBucket(rate: number, burst: number, now: number): TokenBucketState {
  return { rate, burst, base: { tokens: burst, at: now }, entries: [], issued: 0 };
}

/** The latest moment the request may have arrived at Amazon (Infinity: sent, not answered yet). */
function latestArrival(entry: BucketEntry, marginMs: number): number {
  if (!entry.left) return entry.at + marginMs;
  return entry.latencyMs === undefined ? Number.POSITIVE_INFINITY : entry.at + entry.latencyMs;
}

interface Counted {
  arrival: number;
}

// The tokens left at `t` for one more request: the bucket refilled up to `t` with every request of `counted`
// that arrived by then taken out in arrival order, minus the requests that may arrive later.
function levelAt(
  state: TokenBucketState,
  counted: readonly Counted[],
  t: number,
): { tokens: number; refilling: boolean; pure: number } {
  let { tokens, at } = state.base;
  let pending = 0;
  for (const { arrival } of counted) {
    if (arrival <= t) {
      tokens = Math.min(state.burst, tokens + (Math.max(0, arrival - at) / 1000) * state.rate) - 1;
      at = Math.max(at, arrival);
    } else pending += 1;
  }
  if (t > at) tokens = Math.min(state.burst, tokens + ((t - at) / 1000) * state.rate);
  // The level grows with time only while the bucket refills: past its base and below its burst.
  return { tokens: tokens - pending, refilling: t >= at && tokens < state.burst, pure: tokens };
}

/**
 * The earliest time from `from` on at which one more request after `before` finds a token, counted
 * `REFILL_GUARD_MS` before it leaves (a full bucket's tokens need no slack: the cap keeps them there).
 */
function plan(
  state: TokenBucketState,
  before: readonly BucketEntry[],
  from: number,
  marginMs: number,
): number {
  return Math.max(
    from,
    Math.ceil(earliest(state, before, from - REFILL_GUARD_MS, marginMs) + REFILL_GUARD_MS),
  );
}

/** The earliest time from `from` on at which the bucket, counted as this file's header says, has a token. */
function earliest(
  state: TokenBucketState,
  before: readonly BucketEntry[],
  from: number,
  marginMs: number,
): number {
  const counted = before
    .map((e) => ({ arrival: latestArrival(e, marginMs) }))
    .sort((a, b) => a.arrival - b.arrival);
  let t = from;
  // Each round either returns or moves `t` to the next moment the level's slope changes: an earlier
  // request arriving, the base being reached, or the bucket reaching its burst.
  for (let round = 0; round <= counted.length + 3; round += 1) {
    const level = levelAt(state, counted, t);
    if (level.tokens >= 1 - EPSILON) return t;
    const breaks = counted.map((c) => c.arrival).filter((arrival) => arrival > t && Number.isFinite(arrival));
    if (state.base.at > t) breaks.push(state.base.at);
    const nextBreak = breaks.length > 0 ? Math.min(...breaks) : Number.POSITIVE_INFINITY;
    if (level.refilling) {
      const reach = t + ((1 - level.tokens) / state.rate) * 1000;
      const full = t + ((state.burst - level.pure) / state.rate) * 1000;
      if (reach <= Math.min(nextBreak, full)) return reach;
      t = Math.min(nextBreak, full);
    } else if (Number.isFinite(nextBreak)) {
      t = nextBreak;
    } else {
      break;
    }
  }
  // Only requests in flight stand between the bucket and a token: plan one interval on, and plan again
  // once they are answered.
  return t + (1 / state.rate) * 1000;
}

/** Folds requests that arrived more than `FOLD_AFTER_MS` ago into the base. */
function folded(state: TokenBucketState, now: number): TokenBucketState {
  const arrivalOf = (e: BucketEntry): number =>
    e.left && e.latencyMs === undefined ? e.at + FOLD_AFTER_MS : latestArrival(e, 0);
  const old = state.entries.filter((e) => e.left && arrivalOf(e) <= now - FOLD_AFTER_MS);
  if (old.length === 0) return state;
  let { tokens, at } = state.base;
  for (const arrival of old.map(arrivalOf).sort((a, b) => a - b)) {
    tokens = Math.min(state.burst, tokens + (Math.max(0, arrival - at) / 1000) * state.rate) - 1;
    at = Math.max(at, arrival);
  }
  return { ...state, base: { tokens, at }, entries: state.entries.filter((e) => !old.includes(e)) };
}

/** Reserves the next ticket: the new state, the ticket, and how long until its request may leave. */
export function reserve(
  bucket: TokenBucketState,
  now: number,
  marginMs: number,
): { bucket: TokenBucketState; ticket: number; waitMs: number } {
  const state = folded(bucket, now);
  const from = Math.max(now, ...state.entries.map((e) => e.at));
  const at = plan(state, state.entries, from, marginMs);
  const ticket = state.issued + 1;
  return {
    bucket: { ...state, entries: [...state.entries, { ticket, at, left: false }], issued: ticket },
    ticket,
    waitMs: Math.max(0, at - now),
  };
}

/**
 * Plans again, in ticket order up to `ticket`, every request that has not left, with what is known now (a
 * rate learnt meanwhile, requests that left later than planned or were answered since, the current
 * margin), and says how long `ticket` still waits. A request that is due but has not left yet is planned
 * from now. Later tickets are planned again when their holders ask.
 */
export function replan(
  bucket: TokenBucketState,
  ticket: number,
  now: number,
  marginMs: number,
): { bucket: TokenBucketState; waitMs: number } {
  const entries: BucketEntry[] = [];
  for (const entry of bucket.entries) {
    if (entry.left || entry.ticket > ticket) {
      entries.push(entry);
      continue;
    }
    const from = Math.max(now, ...entries.map((e) => e.at));
    entries.push({ ...entry, at: plan(bucket, entries, from, marginMs) });
  }
  const mine = entries.find((e) => e.ticket === ticket);
  return { bucket: { ...bucket, entries }, waitMs: mine ? Math.max(0, mine.at - now) : 0 };
}

/** Records that the request of `ticket` left at `at`: later tickets are planned from that moment. */
export function left(bucket: TokenBucketState, ticket: number, at: number): TokenBucketState {
  return {
    ...bucket,
    entries: bucket.entries.map((e) => (e.ticket === ticket ? { ticket, at, left: true } : e)),
  };
}

/** Records that the request of `ticket` was answered `latencyMs` after it left: it arrived by then. */
export function answered(bucket: TokenBucketState, ticket: number, latencyMs: number): TokenBucketState {
  return {
    ...bucket,
    entries: bucket.entries.map((e) => (e.ticket === ticket && e.left ? { ...e, latencyMs } : e)),
  };
}

/** Gives back the ticket of a request that will not be sent (its caller gave up waiting). */
export function cancelled(bucket: TokenBucketState, ticket: number): TokenBucketState {
  return { ...bucket, entries: bucket.entries.filter((e) => e.ticket !== ticket || e.left) };
}

/**
 * Sets the rate. Amazon's `x-amzn-RateLimit-Limit` states the rate its bucket has, not a change of it, so
 * the new rate also applies to the refill since the base.
 */
export function withRate(bucket: TokenBucketState, rate: number): TokenBucketState {
  return { ...bucket, rate };
}

/**
 * Amazon answered 429: its bucket is empty now. Every request that has left is folded in, the level
 * drops to zero at most, and requests still planned are planned again from there.
 */
export function drained(bucket: TokenBucketState, now: number): TokenBucketState {
  const past = bucket.entries.filter((e) => e.left);
  const counted = past
    .map((e) => ({ arrival: Math.min(latestArrival(e, 0), now) }))
    .sort((a, b) => a.arrival - b.arrival);
  const level = levelAt(bucket, counted, now).tokens;
  return {
    ...bucket,
    base: { tokens: Math.min(level, 0), at: Math.max(now, bucket.base.at) },
    entries: bucket.entries.filter((e) => !e.left),
  };
}
