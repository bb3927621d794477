import { createConfig, lintFromString } from '@redocly/openapi-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp } from '../../src/http/index.js';
import { type AuthWorld, authWorld, bearer } from './support/auth-world.js';

describe('GET /api/v1/openapi.json', () => {
  let world: AuthWorld;
  let app: FastifyInstance;

  beforeAll(async () => {
    world = await authWorld();
    app = await buildHttpApp({ db: world.store.db });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await world?.dispose();
  });

  async function documentOf(): Promise<
    { paths: Record<string, Record<string, unknown>> } & Record<string, unknown>
  > {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/openapi.json',
      headers: bearer(world.tokens.read),
    });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('needs auth like every other API route', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).statusCode).toBe(401);
  });

  it('describes every route under /api/v1 and nothing else', async () => {
    const doc = await documentOf();
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} /api/v1${path}`))
      .sort();
    const actual = routesOf(app)
      .filter((r) => r.startsWith('GET /api/v1/') || / \/api\/v1\//.test(r))
      .map((r) => r.replace(/:(\w+)/g, '{$1}'))
      .sort();
    expect(actual).toContain('GET /api/v1/orders');
    expect(actual).toContain('POST /api/v1/orders/ack');
    expect(documented).toEqual(actual);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const doc = await documentOf();
    expect(doc.openapi).toBe('3.1.0');
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config: await createConfig({ extends: ['minimal'], rules: { struct: 'error' } }),
    });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  });
});

/**
 * Every `METHOD /path` fastify's router answers, read from its own table (`printRoutes` draws it as a tree
 * of path pieces, four characters of indent per level); HEAD is left out (fastify adds one per GET).
 */
function routesOf(app: FastifyInstance): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    stack.length = depth;
    stack.push(match[2] ?? '');
    const methods = (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD');
    for (const method of methods) out.push(`${method} ${stack.join('')}`);
  }
  return out;
}
