import type { FastifySchema, RouteOptions } from 'fastify';
import { PACKAGE_VERSION } from '../../package-version.js';
import { ERROR_SCHEMA } from '../http-error.js';

/** A route as the app registered it, for the OpenAPI document. */
export interface RouteRecord {
  readonly method: string;
  readonly url: string;
  readonly schema: FastifySchema | undefined;
}

/** Collects the app's routes as they are added (an `onRoute` hook at the root sees every scope's). */
export function routeRecorder(): { routes: RouteRecord[]; onRoute: (route: RouteOptions) => void } {
  const routes: RouteRecord[] = [];
  return {
    routes,
    onRoute(route) {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        routes.push({ method, url: route.url, schema: route.schema });
      }
    },
  };
}

type JsonSchema = Record<string, unknown>;

/**
 * The OpenAPI 3.1 document of the routes under `prefix`, made from the same JSON schemas fastify validates
 * and serializes with: a route cannot drift from its documentation. (OpenAPI 3.1's schemas are JSON Schema,
 * so `type: ['string', 'null']` passes through as it is.)
 */
export function openApiDocument(routes: readonly RouteRecord[], prefix: string): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (!route.url.startsWith(`${prefix}/`)) continue;
    const path = route.url.slice(prefix.length).replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const schema = (route.schema ?? {}) as Record<string, unknown>;
    const parameters = [
      ...parametersOf(schema.params as JsonSchema | undefined, 'path'),
      ...parametersOf(schema.querystring as JsonSchema | undefined, 'query'),
    ];
    const responses: Record<string, unknown> = {};
    for (const [status, body] of Object.entries((schema.response as Record<string, JsonSchema>) ?? {})) {
      responses[status] = {
        description: body === ERROR_SCHEMA ? 'error (see the error codes)' : 'success',
        content: {
          'application/json': {
            schema: body === ERROR_SCHEMA ? { $ref: '#/components/schemas/Error' } : body,
          },
        },
      };
    }
    if (Object.keys(responses).length === 0) responses['204'] = { description: 'no content' };
    const operation: Record<string, unknown> = {
      operationId: operationId(route.method, path),
      summary: schema.summary ?? `${route.method} ${path}`,
      tags: schema.tags ?? [],
      parameters,
      responses,
      security: [{ bearer: [] }, { session: [] }],
    };
    if (schema.body) {
      const { _csrf: _, ...properties } = ((schema.body as JsonSchema).properties ?? {}) as JsonSchema;
      operation.requestBody = {
        required: true,
        content: { 'application/json': { schema: { ...(schema.body as JsonSchema), properties } } },
      };
    }
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'channel-sales-manager REST API',
      version: PACKAGE_VERSION,
      description:
        'Orders, accounts, sync and write-back of csm. Auth: `Authorization: Bearer TOKEN` (csm tokens create) or the dashboard’s session cookie with `X-CSRF-Token` on writes. Errors: `{ "error": { "code", "message", "field"? } }`.',
    },
    servers: [{ url: prefix }],
    paths,
    components: {
      schemas: { Error: ERROR_SCHEMA },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token of csm tokens create' },
        session: { type: 'apiKey', in: 'cookie', name: 'csm_session' },
      },
    },
  };
}

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): JsonSchema[] {
  const properties = (schema?.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/[{}]/g, '').replace(/[-_](\w)/g, (_, c: string) => c.toUpperCase()));
  return [method.toLowerCase(), ...words.map((w) => w.charAt(0).toUpperCase() + w.slice(1))].join('');
}
