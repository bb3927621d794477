// Amazon's contract, data only: what the models and Amazon's documentation say. Imported by the client and
// the emulator alike; imports nothing from either.
export { SELLER_CENTRAL, VENDOR_CENTRAL } from './central-hosts.js';

export { OPERATIONS, type OperationKey, type OperationTypes } from './generated/operations.js';
export {
  CLIENT_CREDENTIAL_ROTATION_SCOPE,
  grantlessScopeFor,
  NOTIFICATIONS_SCOPE,
} from './grantless-scopes.js';
export { MAX_USER_AGENT_LENGTH, SANDBOX_LIMITS } from './limits.js';
export { findMarketplace, MARKETPLACES, type Marketplace, regionOfMarketplace } from './marketplaces.js';
export type { OperationSpec, ParamSpec } from './operation-spec.js';
export { ALL_OPERATIONS, findOperation, isOperationKey } from './operations.js';
export { endpointForRegion, REGIONS, type Region } from './regions.js';
