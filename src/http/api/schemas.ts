import { ERROR_SCHEMA } from '../http-error.js';

/** The error answers every API route may give, for its `response` schema and the OpenAPI document. */
export function errorResponses(...statuses: number[]): Record<number, typeof ERROR_SCHEMA> {
  return Object.fromEntries([401, ...statuses].map((status) => [status, ERROR_SCHEMA]));
}

export const nullableString = { type: ['string', 'null'] } as const;

/** An order in a list. */
export const ORDER_SUMMARY_SCHEMA = {
  type: 'object',
  required: ['orderId', 'account', 'status', 'fulfillment', 'holding', 'createdTime', 'lastUpdatedTime'],
  properties: {
    orderId: { type: 'string' },
    account: { type: 'string', description: 'the stored account’s name' },
    marketplaceId: nullableString,
    status: {
      ...nullableString,
      description: 'Amazon’s fulfillment status (PENDING, UNSHIPPED, SHIPPED, ...)',
    },
    fulfillment: {
      type: ['string', 'null'],
      enum: ['AFN', 'MFN', null],
      description: 'AFN: FBA; MFN: the seller',
    },
    holding: { type: 'string', enum: ['new', 'exported', 'error', 'complete'] },
    holdingNote: nullableString,
    createdTime: { type: 'string', format: 'date-time' },
    lastUpdatedTime: { type: 'string', format: 'date-time' },
    total: { ...nullableString, description: 'a decimal, exact as Amazon sent it' },
    currency: nullableString,
    itemLines: { type: 'integer' },
    units: { type: 'integer' },
    isPrime: { type: 'boolean' },
    isBusiness: { type: 'boolean' },
    shipCountry: nullableString,
    shipBy: { type: ['string', 'null'], format: 'date-time' },
  },
} as const;
