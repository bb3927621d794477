import { isCsmApiError, isSpApiError } from '../sp-api/errors/guards.js';

/** What csm says about a package Amazon refused (or that could not be sent): a cause and a fix. */
export interface ConfirmFailure {
  /** Amazon's error code (`InvalidInput`, `Unauthorized`), or csm's own. */
  readonly code: string;
  /** One line: what Amazon said, the likely cause, the fix. */
  readonly reason: string;
}

interface Rule {
  readonly test: RegExp;
  readonly cause: string;
  readonly fix: string;
}

// Matched against Amazon's message (confirmShipment's 400 InvalidInput answers, as sellers meet them and
// the emulator gives them). The first rule that matches wins.
const RULES: readonly Rule[] = [
  {
    test: /already confirmed with another tracking number/i,
    cause:
      'Amazon already has a package with this reference number for the order, with another tracking number (confirmed in Seller Central or by another tool)',
    fix: 'check the order in Seller Central (csm orders show ORDER after csm sync); if the units are still unshipped, ship them again with csm ship, which numbers the package anew',
  },
  {
    test: /fulfilled by Amazon|AFN/i,
    cause: 'the order is fulfilled by Amazon (FBA): Amazon confirms its shipments itself',
    fix: 'nothing to send; csm ship takes seller-fulfilled (FBM) orders only',
  },
  {
    test: /only Unshipped or PartiallyShipped|is (SHIPPED|CANCELLED|PENDING)/i,
    cause:
      "the order's status at Amazon changed since the last sync: cancelled by the buyer, still Pending, or shipped by someone else",
    fix: 'sync it (csm sync --account ACCOUNT) and look at it (csm orders show ORDER); do not ship a cancelled order',
  },
  {
    test: /exceeds the .* left to ship|not part of this order|orderItems/i,
    cause:
      "the items or quantities do not match what Amazon has left to ship (another package confirmed them, or the store's copy is old)",
    fix: 'sync the order (csm sync), check its items (csm orders show ORDER), and ship what is left',
  },
  {
    test: /marketplaceId/i,
    cause: "the order's marketplace in the store differs from Amazon's",
    fix: 'sync the order again (csm sync) and retry (csm ship --retry ID)',
  },
  {
    test: /carrierName|carrierCode/i,
    cause: 'Amazon refused the carrier',
    fix: "use one of Amazon's carrier codes (docs/writeback.md), or --carrier Other --carrier-name NAME",
  },
  {
    test: /shipDate/i,
    cause: 'Amazon refused the ship date',
    fix: 'give the date the package left, not in the future: --ship-date 2026-03-01 or 2026-03-01T14:30:00Z',
  },
];

/** The failure to record for an error of confirmShipment (or of the reconciling getOrder). */
export function confirmFailure(error: unknown): ConfirmFailure {
  if (isSpApiError(error)) {
    const said = `Amazon answered ${error.status} ${error.code}: ${error.amazonMessage}${error.details ? ` (${error.details})` : ''}`;
    if (error.status === 403) {
      return {
        code: error.code,
        reason:
          `${said}. Cause: the application lacks the Inventory and Order Tracking role, or the seller's authorization ` +
          'was withdrawn. Fix: run csm doctor --account ACCOUNT, which names the missing role or authorization',
      };
    }
    if (error.status === 404) {
      return {
        code: error.code,
        reason: `${said}. Cause: Amazon does not know the order for this seller. Fix: check that the order belongs to the account (csm orders show ORDER)`,
      };
    }
    const rule = RULES.find((r) => r.test.test(`${error.amazonMessage} ${error.details ?? ''}`));
    if (rule) return { code: error.code, reason: `${said}. Cause: ${rule.cause}. Fix: ${rule.fix}` };
    const diagnosis = error.diagnosis;
    if (diagnosis)
      return { code: error.code, reason: `${said}. Cause: ${diagnosis.cause}. Fix: ${diagnosis.fix}` };
    return {
      code: error.code,
      reason: `${said}. Fix: correct the shipment and send it again (csm ship --retry ID)`,
    };
  }
  if (isCsmApiError(error)) {
    const diagnosis = error.diagnosis;
    return {
      code: error.kind,
      reason: diagnosis
        ? `${error.message}. Cause: ${diagnosis.cause}. Fix: ${diagnosis.fix}`
        : error.message,
    };
  }
  return { code: 'error', reason: error instanceof Error ? error.message : String(error) };
}

/**
 * Whether a failed send may have been applied by Amazon all the same: no answer (a dropped connection, a
 * timeout) or a 5xx. Such a package is reconciled with the order at Amazon before it is sent again. A 429
 * was refused before processing; other 4xx are refusals.
 */
export function outcomeUnknown(error: unknown): boolean {
  if (!isCsmApiError(error)) return true;
  if (isSpApiError(error))
    return error.status === 0 || error.status >= 500 || error.code === 'InvalidResponse';
  return false;
}

/** Whether the send may succeed later without anything changed: throttled, a 5xx, no answer, LWA down. */
export function worthRetrying(error: unknown): boolean {
  if (!isCsmApiError(error)) return true;
  return error.retryable || error.kind === 'throttled' || error.kind === 'server' || error.kind === 'network';
}
