/** One parameter of an operation, as the model declares it. */
export interface ParamSpec {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'body' | 'formData';
  readonly required: boolean;
  /** JSON type of a non-body parameter (`string`, `integer`, `boolean`, `array`, ...). */
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly items?: { readonly type: string; readonly enum?: readonly unknown[] };
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly maximum?: number;
  readonly minimum?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
}

/** One row of the operation table generated from Amazon's models (src/sp-api/generated/operations.ts). */
export interface OperationSpec {
  /** operationId, or `operationId@version` where two APIs share the id (`getOrder@v0`). */
  readonly key: string;
  readonly operationId: string;
  /** Short API family name (`orders`, `sellers`, `tokens`). */
  readonly api: string;
  /** The model's `info.version` (`v0`, `v1`, `2026-01-01`). */
  readonly version: string;
  /** Model file in models/sp-api. */
  readonly model: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path template with `{name}` placeholders. */
  readonly path: string;
  /** Default requests per second from the model's usage plan. */
  readonly rate: number;
  /** Default bucket size from the model's usage plan. */
  readonly burst: number;
  /** Called with a client_credentials (grantless) token instead of a seller's token. */
  readonly grantless: boolean;
  /** Returns restricted data (PII) that needs a Restricted Data Token. */
  readonly restricted: boolean;
  /** Data elements an RDT may name for this operation. */
  readonly dataElements: readonly string[];
  /** The data element a restricted operation is wholly about (getOrderAddress: shippingAddress), if any. */
  readonly impliedDataElement: string | null;
  readonly deprecated: boolean;
  readonly successStatus: number;
  /** The success body is wrapped in `{ "payload": ... }`. */
  readonly payloadWrapper: boolean;
  readonly params: readonly ParamSpec[];
  /** How the operation pages: the request parameter and the response path of the next token. */
  readonly pagination: { readonly param: string; readonly responsePath: readonly string[] } | null;
}
