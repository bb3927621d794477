import type { OperationSpec } from './operation-spec.js';

/** Grantless scope of the Notifications API. */
export const NOTIFICATIONS_SCOPE = 'sellingpartnerapi::notifications';
/** Grantless scope of the Application Management API (client secret rotation). */
export const CLIENT_CREDENTIAL_ROTATION_SCOPE = 'sellingpartnerapi::client_credential:rotation';

// API family (the operation table's `api`) → the scope its grantless operations need.
const SCOPES: Readonly<Record<string, string>> = {
  notifications: NOTIFICATIONS_SCOPE,
  applications: CLIENT_CREDENTIAL_ROTATION_SCOPE,
  applicationManagement: CLIENT_CREDENTIAL_ROTATION_SCOPE,
};

/** The LWA `client_credentials` scope of a grantless operation, or `undefined` if none is known. */
export function grantlessScopeFor(operation: Pick<OperationSpec, 'api' | 'grantless'>): string | undefined {
  if (!operation.grantless) return undefined;
  return SCOPES[operation.api];
}
