/** The API's answers as the dashboard reads them (docs/http-api.md has the full shapes). */

export interface AccountHealth {
  readonly status: 'ok' | 'warn' | 'fail' | string;
  readonly problems?: readonly string[];
}

export interface AccountView {
  readonly name: string;
  readonly kind: string;
  readonly region: string;
  readonly sellerId?: string | null;
  readonly marketplaces?: readonly { id: string; countryCode?: string; name?: string }[];
  readonly secretCreated?: string | null;
  readonly secretExpires?: string | null;
  readonly health?: AccountHealth;
}

export interface OrderSummary {
  readonly orderId: string;
  readonly account: string;
  readonly marketplaceId?: string | null;
  readonly status?: string | null;
  readonly fulfilledBy?: string | null;
  readonly createdTime?: string;
  readonly lastUpdatedTime?: string;
  readonly orderTotal?: string | null;
  readonly currency?: string | null;
  readonly units?: number;
  readonly holding?: string;
}

export interface OrderPage {
  readonly orders: readonly OrderSummary[];
  readonly nextCursor: string | null;
}
