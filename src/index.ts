export { OPERATIONS, type OperationKey, type OperationTypes } from './sp-api/generated/operations.js';
export * from './sp-api/index.js';
export type { OperationSpec, ParamSpec } from './sp-api/operation-spec.js';
