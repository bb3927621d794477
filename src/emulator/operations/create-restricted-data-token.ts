import { AmazonErrorResponse, invalidInput } from '../amazon-error-response.js';
import type { OperationDefinition } from '../operation.js';
import { restrictedOperationFor, splitPath } from '../rdt-paths.js';
import { DATA_ELEMENT_ROLES, type Role } from '../roles.js';
import { type RdtResource, TOKEN_LIFETIME_S } from '../token-store.js';

const MAX_RESOURCES = 50;
const METHODS = ['GET', 'PUT', 'POST', 'DELETE'];
/** The role an RDT for these operations needs when no data element names it. */
const OPERATION_ROLES: Readonly<Record<string, Role>> = {
  getOrderAddress: 'directToConsumerShipping',
  getOrderBuyerInfo: 'taxInvoicing',
  getOrderItemsBuyerInfo: 'taxInvoicing',
  getOrderRegulatedInfo: 'directToConsumerShipping',
};
const ROLE_ELEMENT: Readonly<Record<string, string>> = {
  directToConsumerShipping: 'shippingAddress',
  taxInvoicing: 'buyerInfo',
};

const invalidRequest = (details: string): AmazonErrorResponse =>
  new AmazonErrorResponse(400, 'InvalidRequest', 'Request is missing or has invalid parameters', details);

/**
 * `POST /tokens/2021-03-01/restrictedDataToken`. Each resource names a restricted operation by method and a
 * specific (`/orders/v0/orders/123-…`) or generic (`/orders/v0/orders/{orderId}`) path; dataElements only
 * where the operation takes them; at most 50 resources. A data element whose restricted role the app lacks
 * gives Amazon's "Application does not have access to one or more requested data elements".
 */
export const createRestrictedDataToken: OperationDefinition = {
  key: 'createRestrictedDataToken',
  handle(ctx) {
    const body = ctx.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw invalidRequest('Resource not provided.');
    const resources = (body as Record<string, unknown>).restrictedResources;
    if (!Array.isArray(resources) || resources.length === 0) throw invalidRequest('Resource not provided.');
    if (resources.length > MAX_RESOURCES) {
      throw invalidRequest(
        `restrictedResources holds ${resources.length} resources; the maximum is ${MAX_RESOURCES}.`,
      );
    }
    const out: RdtResource[] = [];
    const missing = new Set<string>();
    for (const [i, raw] of resources.entries()) {
      if (typeof raw !== 'object' || raw === null)
        throw invalidRequest(`restrictedResources[${i}] is not an object.`);
      const { method, path, dataElements } = raw as Record<string, unknown>;
      if (typeof method !== 'string' || !METHODS.includes(method)) {
        throw invalidRequest(`restrictedResources[${i}].method must be one of ${METHODS.join(', ')}.`);
      }
      if (typeof path !== 'string' || !path.startsWith('/')) {
        throw invalidRequest(
          `restrictedResources[${i}].path must be an API path such as /orders/v0/orders/{orderId}.`,
        );
      }
      const segments = splitPath(path);
      const op = restrictedOperationFor(method, segments);
      if (!op) {
        throw invalidInput(
          'Invalid Input',
          `restrictedResources[${i}]: ${method} ${path} is not a restricted operation.`,
        );
      }
      let elements: string[] = [];
      if (dataElements !== undefined) {
        if (!Array.isArray(dataElements) || !dataElements.every((e) => typeof e === 'string')) {
          throw invalidInput(
            'Invalid Input',
            `restrictedResources[${i}].dataElements must be an array of strings.`,
          );
        }
        elements = dataElements;
        for (const e of elements) {
          if (!op.dataElements.includes(e)) {
            throw invalidInput(
              'Invalid Input',
              `restrictedResources[${i}]: data element '${e}' is not valid for ${op.operationId} (valid: ${op.dataElements.join(', ') || 'none'}).`,
            );
          }
          const role = DATA_ELEMENT_ROLES[e];
          if (role && !ctx.state.roles.has(role)) missing.add(e);
        }
      }
      const opRole = OPERATION_ROLES[op.operationId];
      if (opRole && !ctx.state.roles.has(opRole)) missing.add(ROLE_ELEMENT[opRole] ?? opRole);
      out.push({ method, segments, dataElements: elements });
    }
    if (missing.size > 0) {
      throw invalidInput(
        `Application does not have access to one or more requested data elements: [${[...missing].join(', ')}]`,
      );
    }
    const token = ctx.state.tokens.issue(
      {
        kind: 'rdt',
        clientId: ctx.caller.clientId,
        sellerId: ctx.caller.sellerId,
        resources: out,
        expiresAt: ctx.now + TOKEN_LIFETIME_S * 1000,
      },
      ctx.now,
    );
    return { body: { restrictedDataToken: token, expiresIn: TOKEN_LIFETIME_S } };
  },
};
