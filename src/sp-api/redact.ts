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
 * A deep copy with sensitive fields replaced and token-shaped strings cut out. Used on Amazon's `errors[]`
 * and on every object the client logs.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 8) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] =
      isSensitiveKey(key) && item !== undefined && item !== null ? REDACTED : redactValue(item, depth + 1);
  }
  return out;
}

/** A URL with sensitive query values (e.g. `BuyerEmail`) replaced; safe for a log line. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (isSensitiveKey(key)) parsed.searchParams.set(key, REDACTED);
    }
    return redactText(parsed.toString());
  } catch {
    return redactText(url);
  }
}
