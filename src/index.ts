export { OPERATIONS, type OperationKey, type OperationTypes } from './sp-api/generated/operations.js';
export type { OperationSpec, ParamSpec } from './sp-api/operation-spec.js';
