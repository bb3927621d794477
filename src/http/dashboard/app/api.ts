/**
 * The REST API as the dashboard uses it: same origin, the session cookie, and on every state-changing
 * request the `X-CSRF-Token` header from `GET /api/v1/me`. Errors come as `{ error: { code, message } }`.
 */

/** Who is signed in, as `GET /api/v1/me` says. */
export interface Me {
  readonly user: {
    readonly name: string;
    readonly admin?: boolean;
    readonly pii?: boolean;
    readonly scope?: 'read' | 'write';
    readonly accounts?: readonly string[] | null;
  };
  readonly csrfToken: string;
}

/** An answer of the API that was not 2xx, with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The route is not in this csm (a part not installed yet): pages show "not available". */
  get missingRoute(): boolean {
    return this.status === 404 && /^no route /.test(this.message);
  }
}

let csrfToken = '';
let me: Promise<Me> | undefined;

/** The signed-in user, asked once per page load. */
export function whoAmI(): Promise<Me> {
  me ??= api<Me>('/me').then((answer) => {
    csrfToken = answer.csrfToken;
    return answer;
  });
  return me;
}

/** Calls `/api/v1{path}`; a 401 sends the browser to the login page and never resolves. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    if (!csrfToken) await whoAmI();
    headers['x-csrf-token'] = csrfToken;
  }
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (response.status === 401) {
    const next = location.pathname + location.search;
    location.assign(`/login?next=${encodeURIComponent(next)}`);
    return new Promise<T>(() => {});
  }
  const text = await response.text();
  const body = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; field?: string } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? response.statusText,
      error?.field,
    );
  }
  return body as T;
}

/** A query string from the set values of `params` (`?a=1&b=2`, or empty). */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
