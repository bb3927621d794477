// JSON schema of the IAM model that `PUT /_emulator/iam` takes. Unknown fields are refused, so a typo is a
// 400 naming it rather than a model that silently lacks a piece.

const accountId = { type: 'string', pattern: '^[0-9]{12}$' } as const;
const name = { type: 'string', pattern: '^[\\w+=,.@-]{1,64}$' } as const;
const stringOrList = {
  anyOf: [
    { type: 'string', minLength: 1, maxLength: 2048 },
    { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 2048 } },
  ],
} as const;

const statement = {
  type: 'object',
  additionalProperties: false,
  required: ['Effect', 'Action'],
  properties: {
    Sid: { type: 'string', maxLength: 128 },
    Effect: { enum: ['Allow', 'Deny'] },
    Action: stringOrList,
    Resource: stringOrList,
    Principal: {
      anyOf: [
        { const: '*' },
        { type: 'object', additionalProperties: false, required: ['AWS'], properties: { AWS: stringOrList } },
      ],
    },
  },
} as const;

const policyDocument = {
  type: 'object',
  additionalProperties: false,
  required: ['Version', 'Statement'],
  properties: {
    Version: { enum: ['2012-10-17', '2008-10-17'] },
    Statement: { type: 'array', maxItems: 100, items: statement },
  },
} as const;

export const IAM_MODEL_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['users', 'roles'],
  properties: {
    users: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['accountId', 'userName', 'userId', 'accessKeys', 'inlinePolicies'],
        properties: {
          accountId,
          userName: name,
          userId: { type: 'string', pattern: '^AIDA[A-Z0-9]{12,28}$' },
          accessKeys: {
            type: 'array',
            maxItems: 2,
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['accessKeyId', 'secretAccessKey', 'status'],
              properties: {
                accessKeyId: { type: 'string', pattern: '^AKIA[A-Z0-9]{16}$' },
                secretAccessKey: { type: 'string', minLength: 16, maxLength: 128 },
                status: { enum: ['Active', 'Inactive'] },
              },
            },
          },
          inlinePolicies: {
            type: 'object',
            maxProperties: 20,
            propertyNames: name,
            additionalProperties: policyDocument,
          },
        },
      },
    },
    roles: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['accountId', 'roleName', 'roleId', 'trustPolicy', 'maxSessionDuration'],
        properties: {
          accountId,
          roleName: name,
          roleId: { type: 'string', pattern: '^AROA[A-Z0-9]{12,28}$' },
          trustPolicy: policyDocument,
          maxSessionDuration: { type: 'integer', minimum: 3600, maximum: 43200 },
        },
      },
    },
  },
} as const;

/** `POST /_emulator/iam/rotate-key` and `remove-inline-policy`: which user (default: the first). */
export const USER_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { userName: name, policyName: name },
} as const;

/** `POST /_emulator/iam/remove-trust`: which role (default: the first). */
export const ROLE_BODY = {
  type: 'object',
  additionalProperties: false,
  properties: { roleName: name },
} as const;
