import type { Prng } from '../prng.js';

/** A product a seller sells; prices are in US cents and converted per marketplace. */
export interface Product {
  asin: string;
  /** The SKU of the seller-fulfilled (MFN) listing; the FBA listing is `fbaSku(sku)`. */
  sku: string;
  title: string;
  usdCents: number;
  /** Amazon's product type of the listing (Product Type Definitions), from the kind of product. */
  productType: string;
}

/**
 * The SKU of a product's FBA listing. A seller that ships some units itself and keeps others in Amazon's
 * warehouses lists the ASIN twice, under two SKUs, since one SKU has one fulfillment channel; Amazon-fulfilled
 * (AFN) orders carry this one.
 */
export function fbaSku(sku: string): string {
  return `${sku}-FBA`;
}

const ADJECTIVES = [
  'Compact',
  'Premium',
  'Eco',
  'Classic',
  'Ultra',
  'Travel',
  'Smart',
  'Rugged',
  'Soft',
  'Mini',
];
const NOUNS = [
  'Water Bottle',
  'Desk Lamp',
  'Yoga Mat',
  'Phone Case',
  'Backpack',
  'Coffee Grinder',
  'Headphones',
  'Notebook Set',
  'Kitchen Scale',
  'Throw Blanket',
  'Cutting Board',
  'LED Strip',
];
/** Amazon product types for the nouns above (names as the Product Type Definitions API has them). */
const PRODUCT_TYPES: Readonly<Record<string, string>> = {
  'Water Bottle': 'BOTTLE',
  'Desk Lamp': 'LAMP',
  'Yoga Mat': 'EXERCISE_MAT',
  'Phone Case': 'CELLULAR_PHONE_CASE',
  Backpack: 'BACKPACK',
  'Coffee Grinder': 'COFFEE_GRINDER',
  Headphones: 'HEADPHONES',
  'Notebook Set': 'NOTEBOOK',
  'Kitchen Scale': 'KITCHEN_SCALE',
  'Throw Blanket': 'BLANKET',
  'Cutting Board': 'CUTTING_BOARD',
  'LED Strip': 'LIGHT_STRIP',
};
const COLOURS = ['Black', 'White', 'Blue', 'Green', 'Red', 'Grey'];

/** A seller's catalogue of `count` products, deterministic for the PRNG stream. */
export function generateCatalog(prng: Prng, count: number): Product[] {
  const products: Product[] = [];
  for (let i = 0; i < count; i++) {
    const noun = prng.pick(NOUNS);
    const colour = prng.pick(COLOURS);
    products.push({
      asin: `B0${prng.chars(8, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
      sku: `${noun.replace(/\s+/g, '-').toUpperCase()}-${colour.toUpperCase()}-${prng.hex(4).toUpperCase()}`,
      title: `${prng.pick(ADJECTIVES)} ${noun}, ${colour}`,
      usdCents: prng.between(499, 19999),
      productType: PRODUCT_TYPES[noun] ?? 'PRODUCT',
    });
  }
  return products;
}
