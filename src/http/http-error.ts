/** The stable error codes of the HTTP API, with the status each answers. Clients branch on the code. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The body of every error answer: `{ "error": { "code", "message", "field"? } }`. */
export interface ErrorBody {
  readonly error: { readonly code: ErrorCode; readonly message: string; readonly field?: string };
}

/** An error a route throws to answer with a code of the catalogue; the app's error handler shapes it. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly options: { readonly field?: string; readonly headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.statusCode = ERROR_STATUS[code];
  }

  get field(): string | undefined {
    return this.options.field;
  }

  body(): ErrorBody {
    const field = this.options.field;
    return { error: { code: this.code, message: this.message, ...(field === undefined ? {} : { field }) } };
  }
}

/** Matches by name as well, so two copies of the module in one tree still agree. */
export function isHttpError(error: unknown): error is HttpError {
  return error instanceof HttpError || (error instanceof Error && error.name === 'HttpError');
}

/** The JSON schema of an error answer, for the routes' `response` and the OpenAPI document. */
export const ERROR_SCHEMA = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_STATUS) },
        message: { type: 'string' },
        field: { type: 'string' },
      },
    },
  },
} as const;
