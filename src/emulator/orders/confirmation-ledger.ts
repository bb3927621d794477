/** Where a confirmation came from. */
export type ConfirmationSource = 'confirmShipment' | 'feed';

/** How often one package of one order was confirmed, in all and by source. */
interface PackageConfirmations {
  /** Confirmations Amazon accepted for this package: the first recorded it, each further one repeated it. */
  count: number;
  confirmShipment: number;
  feed: number;
}

/**
 * Every shipment confirmation Amazon accepted, per order and package (`packageReferenceId`, or a feed's
 * `MerchantFulfillmentID`): the ground truth a test reads to prove no package was confirmed twice. A repeated
 * confirmShipment with the same package and tracking number is answered 204 and changes nothing at Amazon,
 * but it was sent twice, so it counts twice here.
 */
export class ConfirmationLedger {
  private byOrder: Record<string, Record<string, PackageConfirmations>> = {};

  record(orderId: string, packageReferenceId: string, source: ConfirmationSource): void {
    this.byOrder[orderId] ??= {};
    const packages = this.byOrder[orderId];
    packages[packageReferenceId] ??= { count: 0, confirmShipment: 0, feed: 0 };
    const entry = packages[packageReferenceId];
    entry.count += 1;
    entry[source] += 1;
  }

  snapshot(): Record<string, Record<string, PackageConfirmations>> {
    return structuredClone(this.byOrder);
  }

  reset(): void {
    this.byOrder = {};
  }
}
