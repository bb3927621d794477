import { findMarketplace } from '../amazon/marketplaces.js';
import { CatalogError } from './catalog-error.js';

/** The largest quantity Amazon's `fulfillment_availability` takes (a 32-bit integer). */
export const MAX_QUANTITY = 2_147_483_647;

/** What is wrong with a stock quantity, or undefined: a whole number from 0 to 2,147,483,647. */
export function quantityProblem(value: string | number): string | undefined {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (text === '') return 'the quantity is empty: give a whole number of units, 0 or more';
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    return `quantity '${text}' is not a whole number: give units available, e.g. 25`;
  }
  const quantity = Number(text);
  if (quantity < 0) return `quantity ${quantity} is negative: stock is 0 or more units`;
  if (quantity > MAX_QUANTITY) return `quantity ${quantity} is above Amazon's maximum of ${MAX_QUANTITY}`;
  return undefined;
}

/** A stock quantity as a number; `INVALID_INPUT` naming the problem otherwise. */
export function parseQuantity(value: string | number): number {
  const problem = quantityProblem(value);
  if (problem) throw new CatalogError('INVALID_INPUT', problem, 'quantity');
  return Number(typeof value === 'number' ? value : value.trim());
}

/** A price checked against its marketplace: the amount as Amazon's decimal string and the currency. */
export interface Price {
  readonly amount: string;
  readonly currency: string;
}

/** Decimals a currency takes (2 for USD and EUR, 0 for JPY), as ISO 4217 says through Intl. */
export function currencyDecimals(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits as number;
  } catch {
    return 2;
  }
}

/**
 * What is wrong with a price for a marketplace, or undefined: a positive amount with no more decimals than
 * the currency has, in the marketplace's own currency (an offer in another currency is refused by Amazon).
 */
export function priceProblem(
  amount: string | number,
  currency: string,
  marketplaceId: string,
): { readonly field: 'amount' | 'currency' | 'marketplace'; readonly message: string } | undefined {
  const bad = (field: 'amount' | 'currency' | 'marketplace', message: string) => ({ field, message });
  const text = typeof amount === 'number' ? String(amount) : amount.trim();
  const code = currency.trim().toUpperCase();
  const marketplace = findMarketplace(marketplaceId);
  if (!marketplace)
    return bad('marketplace', `marketplace ${marketplaceId} is not one of Amazon's marketplaces`);
  if (code === '') {
    return bad(
      'currency',
      `the currency is empty: give ${marketplace.defaultCurrency}, the currency of ${marketplace.name}`,
    );
  }
  if (code !== marketplace.defaultCurrency) {
    return bad(
      'currency',
      `currency ${code} is not the currency of ${marketplace.name} (${marketplaceId}): prices there are in ` +
        `${marketplace.defaultCurrency}`,
    );
  }
  if (text === '') return bad('amount', 'the amount is empty: give a price, e.g. 19.99');
  if (!/^-?\d+(\.\d+)?$/.test(text))
    return bad('amount', `amount '${text}' is not a number: give a price such as 19.99`);
  if (Number(text) < 0) return bad('amount', `amount ${text} is negative: a price is more than 0`);
  if (Number(text) === 0) return bad('amount', 'amount 0 is not a price: Amazon takes a price above 0');
  const decimals = currencyDecimals(code);
  const fraction = text.split('.')[1] ?? '';
  if (fraction.replace(/0+$/, '').length > decimals) {
    return bad('amount', `amount ${text} has more decimals than ${code} takes (${decimals})`);
  }
  return undefined;
}

/** A price as Amazon takes it; `INVALID_INPUT` naming the problem otherwise. */
export function parsePrice(amount: string | number, currency: string, marketplaceId: string): Price {
  const problem = priceProblem(amount, currency, marketplaceId);
  if (problem) throw new CatalogError('INVALID_INPUT', problem.message, problem.field);
  const text = typeof amount === 'number' ? String(amount) : amount.trim();
  return {
    amount: normalizeAmount(text, currencyDecimals(currency.trim().toUpperCase())),
    currency: currency.trim().toUpperCase(),
  };
}

/** `19.9` → `19.90`, `007` → `7`: the amount with the currency's decimals. */
function normalizeAmount(text: string, decimals: number): string {
  return Number(text).toFixed(decimals);
}
