import type { OPERATIONS, OperationKey, OperationTypes } from '../amazon/generated/operations.js';

type Parameters<K extends OperationKey> = OperationTypes[K] extends { parameters: infer P } ? P : never;

// One section (`path`, `query`, `header`) of the request: required when the model requires it, absent
// (`never`) when the operation has none.
type Section<P, S extends string> = S extends keyof P
  ? undefined extends P[S]
    ? { [key in S]?: Exclude<P[S], undefined> }
    : { [key in S]: P[S] }
  : { [key in S]?: never };

type JsonContent<C> = C extends { content: { 'application/json': infer B } } ? B : undefined;

type BodySection<K extends OperationKey> = OperationTypes[K] extends { requestBody: infer R }
  ? undefined extends R
    ? { body?: JsonContent<Exclude<R, undefined>> }
    : { body: JsonContent<R> }
  : { body?: never };

/** A request typed from the generated openapi-typescript types of one operation. */
type TypedOperationRequest<K extends OperationKey> = Section<Parameters<K>, 'path'> &
  Section<Parameters<K>, 'query'> &
  Section<Parameters<K>, 'header'> &
  BodySection<K> & {
    /** Aborts the call, including any wait for a rate-limit token or a retry. */
    signal?: AbortSignal;
  };

/**
 * The loosely typed request used when the key is not known statically (`call(key as OperationKey, ...)`,
 * as the CLI does). Arrays in `query` are sent comma-separated; other values are stringified.
 */
export interface LooseOperationRequest {
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  headers?: Record<string, unknown>;
  body?: unknown;
  signal?: AbortSignal;
}

// True when K is the whole OperationKey union, i.e. the caller did not name one operation.
type IsWholeUnion<K extends OperationKey> = [OperationKey] extends [K] ? true : false;

/**
 * The request of operation `K`: `{ path?, query?, headers?, body?, signal? }`, typed from the model.
 * (`headers` carries the model's header parameters; the field is named after HTTP, the model calls it
 * `header`.)
 */
export type OperationRequest<K extends OperationKey> =
  IsWholeUnion<K> extends true ? LooseOperationRequest : RenameHeader<TypedOperationRequest<K>>;

type RenameHeader<T> = Omit<T, 'header'> &
  (T extends { header: infer H }
    ? { headers: H }
    : T extends { header?: infer H }
      ? { headers?: H }
      : object);

type Responses<K extends OperationKey> = OperationTypes[K] extends { responses: infer R } ? R : never;

/** The success body of operation `K`: its 200, 201 or 202 JSON; `undefined` for 204. */
export type OperationSuccessBody<K extends OperationKey> = {
  [S in keyof Responses<K> & (200 | 201 | 202 | 204)]: JsonContent<Responses<K>[S]>;
}[keyof Responses<K> & (200 | 201 | 202 | 204)];

/** What `call` resolves to. */
export interface OperationResponse<K extends OperationKey> {
  /** HTTP status (the operation's success status). */
  status: number;
  /** Amazon's body exactly as sent (with any `payload` wrapper); `undefined` for an empty body (204). */
  body: IsWholeUnion<K> extends true ? unknown : OperationSuccessBody<K>;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** `x-amzn-RequestId`. */
  requestId: string | undefined;
}

/** Keys of the operations that page (NextToken or paginationToken). */
export type PaginatedOperationKey = {
  [K in OperationKey]: (typeof OPERATIONS)[K]['pagination'] extends null ? never : K;
}[OperationKey];
