import { CARRIER_CODES } from './carrier-codes.js';
import { editDistance } from './edit-distance.js';

/** The code confirmShipment takes for a carrier Amazon does not list; `carrierName` then names it. */
export const OTHER_CARRIER = 'Other';

// Compared without case, spaces or punctuation: `royal mail`, `ROYAL-MAIL` and `RoyalMail` are one carrier.
const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
const BY_SQUASHED = new Map<string, string>();
for (const code of CARRIER_CODES) if (!BY_SQUASHED.has(squash(code))) BY_SQUASHED.set(squash(code), code);

/**
 * Amazon's spelling of a carrier code: the code itself, or the one it matches without case, spaces and
 * punctuation (`fedex` → `FedEx`). `undefined` for a carrier Amazon does not list.
 */
export function findCarrier(input: string): string | undefined {
  const trimmed = input.trim();
  if (CARRIER_CODES.includes(trimmed)) return trimmed;
  return BY_SQUASHED.get(squash(trimmed));
}

/**
 * Up to three of Amazon's codes closest to an unknown one (edit distance over the squashed forms, at most
 * a third of its length, at least 1; none more than one step worse than the best), nearest first:
 * `Fedx` → `FedEx`.
 */
export function suggestCarriers(input: string): string[] {
  const wanted = squash(input);
  if (wanted === '') return [];
  const limit = Math.max(1, Math.floor(wanted.length / 3));
  const scored: { code: string; distance: number }[] = [];
  for (const [key, code] of BY_SQUASHED) {
    const distance = key.startsWith(wanted) && wanted.length >= 3 ? 0.5 : editDistance(wanted, key);
    if (distance <= limit) scored.push({ code, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.code.length - b.code.length);
  const best = scored[0]?.distance ?? 0;
  return scored
    .filter((s) => s.distance <= best + 1)
    .slice(0, 3)
    .map((s) => s.code);
}

/** The message for an unknown carrier: the suggestions, and the way to send any other carrier. */
export function unknownCarrierMessage(input: string): string {
  const suggestions = suggestCarriers(input);
  const didYouMean =
    suggestions.length > 0 ? `did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}? ` : '';
  return (
    `'${input}' is not one of Amazon's carrier codes: ${didYouMean}` +
    `For a carrier Amazon does not list, use --carrier Other --carrier-name '${input}' ` +
    '(docs/writeback.md lists the codes)'
  );
}
