/** The API's answers as the dashboard reads them (docs/http-api.md has the full shapes). */

export interface AccountHealth {
  readonly state: 'ok' | 'warning' | 'failing' | string;
  readonly problems: readonly string[];
}

export interface AccountView {
  readonly name: string;
  readonly kind: string;
  readonly region: string;
  readonly sellerId: string | null;
  readonly marketplaces: readonly { id: string; countryCode?: string | null; name?: string | null }[];
  readonly secretCreated?: string | null;
  /** The day the client secret expires (180 days after it was made). */
  readonly secretRotationDue?: string | null;
  readonly health: AccountHealth;
  readonly lastSync?: { finishedAt: string | null; outcome: string | null; error: string | null } | null;
}

export interface OrderSummary {
  readonly orderId: string;
  readonly account: string;
  readonly marketplaceId: string | null;
  readonly status: string | null;
  /** AFN: fulfilled by Amazon (FBA); MFN: by the seller (FBM). */
  readonly fulfillment: 'AFN' | 'MFN' | null;
  readonly holding: string;
  readonly createdTime: string;
  readonly lastUpdatedTime: string;
  readonly total?: string | null;
  readonly currency?: string | null;
  readonly units?: number;
}

export interface OrderPage {
  readonly orders: readonly OrderSummary[];
  readonly nextCursor: string | null;
}

/** AFN is FBA, MFN is FBM. */
export function fulfilment(value: string | null | undefined): string {
  if (value === 'AFN') return 'FBA';
  if (value === 'MFN') return 'FBM';
  return value ?? '–';
}
