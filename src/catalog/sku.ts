import { CatalogError } from './catalog-error.js';

/** Amazon's seller SKUs are at most 40 characters. */
export const MAX_SKU_LENGTH = 40;

/**
 * Checks a seller SKU before anything is sent: not empty, at most 40 characters, no surrounding spaces
 * (Amazon keeps them, so `ABC ` and `ABC` are two SKUs: a trailing space is nearly always a copy mistake)
 * and no control characters. Returns the SKU; throws `INVALID_INPUT` naming the problem.
 */
export function checkSku(sku: string): string {
  const problem = skuProblem(sku);
  if (problem) throw new CatalogError('INVALID_INPUT', problem, 'sku');
  return sku;
}

/** What is wrong with a SKU, or undefined. */
export function skuProblem(sku: string): string | undefined {
  if (sku === '') return 'the SKU is empty: give the seller SKU as Seller Central shows it';
  const shown = JSON.stringify(sku.length > 60 ? `${sku.slice(0, 60)}…` : sku);
  if (sku.length > MAX_SKU_LENGTH) {
    return `SKU ${shown} is ${sku.length} characters long: Amazon's SKUs have at most ${MAX_SKU_LENGTH}`;
  }
  if (sku.trim() !== sku) {
    return `SKU ${shown} starts or ends with a space: remove it (Amazon would treat it as another SKU)`;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f]/.test(sku)) {
    return `SKU ${shown} holds a control character (a tab or line break?): give the SKU alone`;
  }
  return undefined;
}
