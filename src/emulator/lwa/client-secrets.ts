import type { Prng } from '../prng.js';

const DAY_MS = 86_400_000;
/** Amazon makes LWA client secrets expire 180 days after they are created, unless rotated before. */
export const SECRET_LIFETIME_DAYS = 180;
/** After a rotation the previous secret keeps working this long (setup-errors.md: "valid only 7 days"). */
export const ROTATION_GRACE_DAYS = 7;

interface SecretRecord {
  value: string;
  createdAt: number;
  expiresAt: number;
}

/** What `GET /_emulator/app/secret` shows: the current secret's dates, never a previous secret's value. */
export interface ClientSecretView {
  clientSecret: string;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
  /** Previous secrets still accepted after a rotation, and until when. */
  previousValidUntil: string[];
}

/**
 * The application's LWA client secrets on the clock: the current one expires 180 days after creation; a
 * rotation makes a new current secret and leaves the previous one valid for 7 more days (never longer
 * than its own expiry). LWA accepts any secret that has not expired.
 */
export class ClientSecrets {
  private readonly records: SecretRecord[];

  constructor(
    initial: string,
    now: number,
    private readonly prng: Prng,
  ) {
    this.records = [{ value: initial, createdAt: now, expiresAt: now + SECRET_LIFETIME_DAYS * DAY_MS }];
  }

  private get current(): SecretRecord {
    return this.records[this.records.length - 1]!;
  }

  get value(): string {
    return this.current.value;
  }

  isExpired(now: number): boolean {
    return this.current.expiresAt <= now;
  }

  /** Whether LWA takes `secret` at `now`: the current secret or a previous one within its grace. */
  accepts(secret: string, now: number): boolean {
    return this.records.some((r) => r.value === secret && r.expiresAt > now);
  }

  /** A new secret, as rotating it in the Developer Central console (or the Application Management API) does. */
  rotate(now: number): string {
    for (const r of this.records) r.expiresAt = Math.min(r.expiresAt, now + ROTATION_GRACE_DAYS * DAY_MS);
    const value = `amzn1.oa2-cs.v1.${this.prng.hex(64)}`;
    this.records.push({ value, createdAt: now, expiresAt: now + SECRET_LIFETIME_DAYS * DAY_MS });
    // Secrets long gone need not be kept.
    const live = this.records.filter((r) => r === this.current || r.expiresAt > now);
    this.records.splice(0, this.records.length, ...live);
    return value;
  }

  /** Every secret expires now, as if nobody had rotated in 180 days. */
  expire(now: number): void {
    for (const r of this.records) r.expiresAt = Math.min(r.expiresAt, now);
  }

  /** The current secret becomes `days` older (its creation and expiry move back), to test age warnings. */
  age(days: number): void {
    this.current.createdAt -= days * DAY_MS;
    this.current.expiresAt -= days * DAY_MS;
  }

  view(now: number): ClientSecretView {
    const iso = (ms: number): string => new Date(ms).toISOString();
    return {
      clientSecret: this.current.value,
      createdAt: iso(this.current.createdAt),
      expiresAt: iso(this.current.expiresAt),
      expired: this.isExpired(now),
      previousValidUntil: this.records
        .filter((r) => r !== this.current && r.expiresAt > now)
        .map((r) => iso(r.expiresAt)),
    };
  }
}
