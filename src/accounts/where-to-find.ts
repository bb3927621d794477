import type { AccountKind } from './account.js';

/**
 * Where a person finds each value in Seller Central or Vendor Central, quoted by the wizard's steps and by
 * the fixes of doctor's checks, so both say the same path.
 */
export function whereToFind(kind: AccountKind): {
  /** The app's page, where its LWA credentials, App ID and roles are. */
  readonly app: string;
  readonly lwaCredentials: string;
  readonly applicationId: string;
  readonly selfAuthorize: string;
  readonly roles: string;
  readonly sellerId: string;
  readonly central: string;
} {
  const central = kind === 'vendor' ? 'Vendor Central' : 'Seller Central';
  const app =
    kind === 'vendor'
      ? 'Vendor Central > Integration > API Integration > your app'
      : 'Seller Central > Partner Network > Develop Apps > your app';
  return {
    central,
    app,
    lwaCredentials: `${app} > LWA credentials > View`,
    applicationId: `${app}: the App ID under its name (amzn1.sellerapps.app.… or amzn1.sp.solution.…)`,
    selfAuthorize:
      kind === 'vendor'
        ? `${app} > Authorize (the refresh token is shown once)`
        : `${app} > the arrow beside Edit App > Authorize app (the refresh token is shown once)`,
    roles: `${app} > Edit App > Roles`,
    sellerId: 'Seller Central > Settings > Account Info > Business Information > Merchant Token',
  };
}

/** A region's name as a person knows it. */
export const REGION_NAMES = { na: 'North America', eu: 'Europe', fe: 'Far East' } as const;
