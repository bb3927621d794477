/** How the arrival margin is measured (the `rateLimit` options of the same names). */
export interface ArrivalMarginSettings {
  initialMarginMs: number;
  minMarginMs: number;
  maxMarginMs: number;
  latencySamples: number;
}

/** Answers needed before the measured response times alone set the margin. */
const MIN_SAMPLES = 5;

/** The arrival margin per host, learnt from its recent response times. */
export interface ArrivalMargins {
  /** The margin to plan requests to `host` with, in ms. */
  marginFor(host: string): number;
  /** Records the time from send to answer of one request to `host`. */
  record(host: string, durationMs: number): void;
}

/**
 * The latency assumed for a request that has not left yet, while later requests are planned behind it
 * (once it is answered, its own response time replaces the guess; see token-bucket.ts). A request's
 * one-way latency, queueing at the host included, lies between 0 and its response time, so the guess is
 * the longest of the last `latencySamples` response times from the host: tens of milliseconds on a fast,
 * steady host, more while a burst queues at a busy one. Kept between `minMarginMs` and `maxMarginMs`, and
 * never below `initialMarginMs` until five answers are in.
 */
export function createArrivalMargins(settings: ArrivalMarginSettings): ArrivalMargins {
  const clamp = (ms: number): number => Math.min(settings.maxMarginMs, Math.max(settings.minMarginMs, ms));
  const samples = new Map<string, number[]>();
  return {
    marginFor(host) {
      const recent = samples.get(host) ?? [];
      const longest = Math.max(0, ...recent);
      return clamp(recent.length < MIN_SAMPLES ? Math.max(settings.initialMarginMs, longest) : longest);
    },
    record(host, durationMs) {
      const recent = samples.get(host) ?? [];
      recent.push(durationMs);
      if (recent.length > settings.latencySamples) recent.splice(0, recent.length - settings.latencySamples);
      samples.set(host, recent);
    },
  };
}
