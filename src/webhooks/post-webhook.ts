import type { Clock } from '../time/clock.js';

/** What one POST to a subscriber came to. */
export interface PostResult {
  readonly ok: boolean;
  /** The HTTP status, when an answer came. */
  readonly statusCode: number | null;
  /** Why it failed, naming hosts but never the secret, the body or the URL's query. */
  readonly error: string | null;
  readonly durationMs: number;
}

/** Options of `postWebhook`. */
export interface PostOptions {
  readonly clock: Clock;
  /** The longest a subscriber may take to answer (headers). @default 10_000 */
  readonly timeoutMs?: number;
}

/**
 * POSTs one signed delivery. 2xx is delivered; anything else is a failure with a reason. A redirect is
 * never followed (the signed body must not go to a host nobody subscribed): a 3xx fails naming the
 * Location's host. The answer's body is not read, so a subscriber cannot make csm hold a large one.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostResult> {
  const { clock } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const started = clock.now();
  const controller = new AbortController();
  const timer = clock.setTimer(timeoutMs, () => controller.abort());
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    ok: error === null,
    statusCode,
    error,
    durationMs: Math.max(0, clock.now() - started),
  });
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'csm-webhooks/1', ...headers },
      body,
      redirect: 'manual',
      signal: controller.signal,
    });
    await res.body?.cancel().catch(() => {});
    if (res.status >= 200 && res.status < 300) return done(res.status, null);
    if (res.status >= 300 && res.status < 400) {
      return done(
        res.status,
        `redirect (HTTP ${res.status}) to ${locationHost(res.headers.get('location'), url)} not followed: subscribe the final URL instead`,
      );
    }
    return done(res.status, `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  } catch (error) {
    if (controller.signal.aborted)
      return done(null, `no answer from ${new URL(url).host} within ${timeoutMs / 1000} s`);
    return done(null, `could not reach ${new URL(url).host}: ${causeOf(error)}`);
  } finally {
    timer.cancel();
  }
}

function locationHost(location: string | null, base: string): string {
  if (!location) return 'no Location';
  try {
    return new URL(location, base).host;
  } catch {
    return 'an invalid Location';
  }
}

// fetch's own message is "fetch failed"; the cause says what (ECONNREFUSED, ENOTFOUND, a TLS error).
function causeOf(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
