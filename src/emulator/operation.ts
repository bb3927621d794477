import type { OperationKey } from '../amazon/generated/operations.js';
import type { OperationSpec } from '../amazon/operation-spec.js';
import type { EmulatorState } from './emulator-state.js';
import type { RdtResource } from './token-store.js';
import type { ParamValue, RawQuery } from './validate-params.js';

/** Who is calling: the seller the token belongs to, and the RDT's resources when the token is an RDT. */
export interface Caller {
  sellerId: string;
  clientId: string;
  /** Set when the request carried a Restricted Data Token. */
  rdt?: readonly RdtResource[];
}

/** What an operation handler gets: the request, already authenticated, rate limited and validated. */
export interface OperationContext {
  state: EmulatorState;
  op: OperationSpec;
  caller: Caller;
  method: string;
  /** The request path without the query string, e.g. `/orders/v0/orders/123-1234567-1234567`. */
  path: string;
  pathParams: Record<string, string>;
  /** Validated parameters, typed per the operation table. */
  params: Record<string, ParamValue>;
  rawQuery: RawQuery;
  body: unknown;
  now: number;
  /** The emulator's URL as the caller reached it (`http://127.0.0.1:PORT`), for the document URLs it hands out. */
  baseUrl: string;
}

/** A success answer; `body` is the unwrapped payload (the pipeline adds `payload` where the model has it). */
interface OperationResult {
  status?: number;
  body?: unknown;
  /** Fields beside `payload` in a wrapped answer (FBA Inventory's `pagination`). */
  beside?: Record<string, unknown>;
}

/**
 * One emulated operation. Adding an operation is one file exporting one of these, listed in
 * operations/registry.ts; the route, auth, rate limit, faults and generic validation come from the table.
 */
export interface OperationDefinition {
  key: OperationKey;
  handle(ctx: OperationContext): OperationResult;
}
