export { OPERATIONS, type OperationKey, type OperationTypes } from './amazon/generated/operations.js';
export type { OperationSpec, ParamSpec } from './amazon/operation-spec.js';
export * from './sp-api/index.js';
