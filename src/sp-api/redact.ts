/**
 * Redaction where log lines and errors are built, so no caller has to remember it. Tokens (`Atza|`,
 * `Atzr|`, `Atz.sprdt|`), LWA client secrets (`amzn1.oa2-cs.`), e-mail addresses and buyer or recipient
 * data (by field name) are replaced with {@link REDACTED}.
 */
export const REDACTED = '[REDACTED]';

// Token-shaped substrings: LWA access (Atza|), refresh (Atzr|) and restricted data (Atz.sprdt|) tokens,
// and LWA client secrets. Amazon's tokens are URL-safe base64 plus `|`; a token may appear URL-encoded.
const TOKEN_PATTERN =
  /(?:Atz[ar]|Atz\.sprdt)(?:\||%7C)[A-Za-z0-9._~+/=%|-]*|amzn1\.oa2-cs\.[A-Za-z0-9._-]*/gi;
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
// `name=value` pairs of secrets in form bodies or query strings (`client_secret=...&refresh_token=...`).
const SECRET_PAIR_PATTERN =
  /\b(client_secret|refresh_token|access_token|restrictedDataToken)(["']?\s*[=:]\s*["']?)[^&"'\s,}]+/gi;

/** Field names (compared in lower case, without `_` and `-`) whose values are secrets or personal data. */
const SENSITIVE_KEYS = new Set(
  [
    // credentials and tokens
    'accessToken',
    'refreshToken',
    'clientSecret',
    'restrictedDataToken',
    'x-amz-access-token',
    'authorization',
    'password',
    // buyer and recipient data, Orders v0 and 2026-01-01
    'BuyerInfo',
    'BuyerEmail',
    'BuyerName',
    'BuyerCounty',
    'BuyerTaxInfo',
    'BuyerTaxInformation',
    'BuyerCustomizedInfo',
    'PurchaseOrderNumber',
    'GiftMessageText',
    'ShippingAddress',
    'DefaultShipFromLocationAddress',
    'Address',
    'buyer',
    'buyerCompanyName',
    'buyerPurchaseOrderNumber',
    'recipient',
    'deliveryAddress',
    'giftMessage',
    'customizedUrl',
    'name',
    'companyName',
    'addressLine1',
    'addressLine2',
    'addressLine3',
    'city',
    'county',
    'district',
    'municipality',
    'postalCode',
    'phone',
    'email',
    'extendedFields',
    'regulatedInformation',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

/** Whether a field of this name holds a secret or personal data. */
function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(normaliseKey(key));
}

/** Replaces tokens, secrets and e-mail addresses inside free text (messages, details, URLs). */
export function redactText(text: string): string {
  return text
    .replace(TOKEN_PATTERN, REDACTED)
    .replace(SECRET_PAIR_PATTERN, (_match, name: string, sep: string) => `${name}${sep}${REDACTED}`)
    .replace(EMAIL_PATTERN, REDACTED);
}

/**
 * A deep copy with sensitive fields replaced and token-shaped strings cut out. Used on Amazon's `errors[]`.
 * `text` redacts the strings (the patterns, or a client's {@link Redactor} that also knows its secrets).
 */
export function redactValue(value: unknown, text: (s: string) => string = redactText, depth = 0): unknown {
  if (typeof value === 'string') return text(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, text, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      isSensitiveKey(key) && item !== undefined && item !== null
        ? REDACTED
        : redactValue(item, text, depth + 1);
  }
  return out;
}

/** A URL with sensitive query values (e.g. `BuyerEmail`) and any user name or password replaced. */
function redactUrl(url: string, text: (s: string) => string = redactText): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (isSensitiveKey(key)) parsed.searchParams.set(key, REDACTED);
    }
    if (parsed.username || parsed.password) {
      parsed.username = '';
      parsed.password = '';
    }
    return text(parsed.toString());
  } catch {
    return text(withoutUserinfo(url));
  }
}

/** Text with the `user:password@` of any URL in it removed. */
export function withoutUserinfo(text: string): string {
  return text.replace(/(\/\/)[^/?#@\s]*@/g, '$1');
}

/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_LENGTH = 8;

/**
 * Redaction by value as well as by pattern, for one client: it knows the client's own secrets (client
 * secret, refresh token, every access token and Restricted Data Token it was given) and cuts those exact
 * strings, also URL- or form-encoded or JSON-escaped, out of every message, log line and error, whatever
 * their format; then applies the patterns of {@link redactText}.
 */
export interface Redactor {
  /** Adds a secret to cut out from now on (ignored when shorter than 8 characters). */
  remember(secret: string | undefined): void;
  text(text: string): string;
  /** {@link redactValue} with this redactor's text redaction. */
  value(value: unknown): unknown;
  /** {@link redactUrl} with this redactor's text redaction. */
  url(url: string): string;
  /** Every string inside `value` redacted, keys and structure kept: for the objects of log lines. */
  strings(value: unknown): unknown;
}

/** A redactor that knows no secret yet. */
export function createRedactor(): Redactor {
  // Longest first, so a secret that contains another is cut out whole.
  let variants: string[] = [];
  const known = new Set<string>();
  const text = (input: string): string => {
    let out = input;
    for (const variant of variants) if (out.includes(variant)) out = out.split(variant).join(REDACTED);
    return redactText(out);
  };
  const strings = (value: unknown, depth = 0): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object' || depth > 8) return value;
    if (Array.isArray(value)) return value.map((item) => strings(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, strings(item, depth + 1)]));
  };
  return {
    remember(secret) {
      if (secret === undefined || secret.length < MIN_SECRET_LENGTH || known.has(secret)) return;
      known.add(secret);
      const forms = [
        secret,
        encodeURIComponent(secret),
        new URLSearchParams({ s: secret }).toString().slice(2),
        JSON.stringify(secret).slice(1, -1),
      ];
      variants = [...new Set([...variants, ...forms])].sort((a, b) => b.length - a.length);
    },
    text,
    value: (value) => redactValue(value, text),
    url: (url) => redactUrl(url, text),
    strings: (value) => strings(value),
  };
}
