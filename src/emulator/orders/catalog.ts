import type { Prng } from '../prng.js';

/** A product a seller sells; prices are in US cents and converted per marketplace. */
export interface Product {
  asin: string;
  sku: string;
  title: string;
  usdCents: number;
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
    });
  }
  return products;
}
