import type { Money } from './order-types.js';

/** Minor-unit digits per currency (JPY has none). */
const DIGITS: Readonly<Record<string, number>> = { JPY: 0 };

/** Rough USD conversion so prices look plausible in every marketplace. */
export const USD_RATE: Readonly<Record<string, number>> = {
  USD: 1,
  CAD: 1.35,
  MXN: 17,
  BRL: 5,
  EUR: 0.92,
  GBP: 0.79,
  JPY: 150,
};

export function digits(currency: string): number {
  return DIGITS[currency] ?? 2;
}

/** Amounts are kept in minor units (integers) and formatted once, so sums never drift. */
export function money(minor: number, currency: string): Money {
  const d = digits(currency);
  return { amount: d === 0 ? String(minor) : (minor / 10 ** d).toFixed(d), currencyCode: currency };
}
