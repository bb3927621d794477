import type { Clock } from '../../time/clock.js';

/** Hands out one kind of access token (LWA seller token, grantless token, RDT). */
export interface TokenSource {
  /** A token that is valid now; concurrent callers share one fetch. */
  get(signal?: AbortSignal): Promise<string>;
  /**
   * Drops `token` from the cache after Amazon rejected it as expired. A token other than the cached one
   * is ignored, so many calls failing with the same token cause one refresh, not many.
   */
  invalidate(token: string): void;
}

/** A token and how long it lives. */
export interface ExpiringToken {
  token: string;
  /** Lifetime from the moment the response arrived. */
  expiresInMs: number;
}

/**
 * A memoized token provider: the token is cached until `refreshMarginMs` before it expires, and
 * concurrent callers share one in-flight fetch (single flight). A caller's abort signal only stops its
 * own wait, never the shared fetch others are waiting for.
 */
export function createCachedTokenSource(
  fetchToken: () => Promise<ExpiringToken>,
  clock: Clock,
  refreshMarginMs: number,
): TokenSource {
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<string> | undefined;

  const refresh = (): Promise<string> => {
    inflight ??= fetchToken()
      .then((fresh) => {
        cached = { token: fresh.token, refreshAt: clock.now() + fresh.expiresInMs - refreshMarginMs };
        return fresh.token;
      })
      .finally(() => {
        inflight = undefined;
      });
    return inflight;
  };

  return {
    get(signal) {
      if (cached && clock.now() < cached.refreshAt) return Promise.resolve(cached.token);
      return abortable(refresh(), signal);
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
