import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../src/amazon/generated/operations.js';

describe('operation table generated from the models', () => {
  it('names operationIds shared by two APIs with their version, and keeps unique ones bare', () => {
    expect(OPERATIONS['getOrder@v0'].path).toBe('/orders/v0/orders/{orderId}');
    expect(OPERATIONS['getOrder@2026-01-01'].path).toBe('/orders/2026-01-01/orders/{orderId}');
    expect('getOrder' in OPERATIONS).toBe(false);
    expect(OPERATIONS.searchOrders.key).toBe('searchOrders');
  });

  it('reads rate and burst from the usage plans, as the reference table lists them', () => {
    // Independent check: the rate table in ../shared/reference, written from the same models by another script.
    const reference = readFileSync(sharedReference('sp-api-protocol.md'), 'utf8');
    // A row may name two methods of one path with the same plan (`GET / PUT`).
    const rows = [
      ...reference.matchAll(
        /^\| (\S+\.json) \| ((?:GET|POST|PATCH|PUT|DELETE)(?: \/ (?:GET|POST|PATCH|PUT|DELETE))?) \| `([^`]+)` \| ([\w /]+) \| ([\d.]+) \| (\d+) \|/gm,
      ),
    ];
    let checked = 0;
    for (const [, , methods = '', path, , rate, burst] of rows) {
      for (const method of methods.split(' / ')) {
        const op = Object.values(OPERATIONS).find((o) => o.method === method && o.path === path);
        if (!op) continue;
        expect({ key: op.key, rate: op.rate, burst: op.burst }).toEqual({
          key: op.key,
          rate: Number(rate),
          burst: Number(burst),
        });
        checked += 1;
      }
    }
    expect(checked).toBe(Object.keys(OPERATIONS).length);
  });

  it('marks v0 PII operations restricted and leaves Orders 2026-01-01 without RDT', () => {
    expect(OPERATIONS.getOrderAddress.restricted).toBe(true);
    expect(OPERATIONS['getOrder@v0'].restricted).toBe(true);
    expect(OPERATIONS['getOrder@2026-01-01'].restricted).toBe(false);
    expect(OPERATIONS.searchOrders.restricted).toBe(false);
    expect(OPERATIONS.confirmShipment.restricted).toBe(false);
  });

  it('knows how each paginated operation pages', () => {
    expect(OPERATIONS.searchOrders.pagination).toEqual({
      param: 'paginationToken',
      responsePath: ['pagination', 'nextToken'],
    });
    expect(OPERATIONS.getOrders.pagination).toEqual({
      param: 'NextToken',
      responsePath: ['payload', 'NextToken'],
    });
    expect(OPERATIONS.getOrders.payloadWrapper).toBe(true);
    expect(OPERATIONS.searchOrders.payloadWrapper).toBe(false);
  });
});

// ../shared sits beside the main checkout; a worktree may be nested deeper, so look up from here.
function sharedReference(name: string): URL {
  for (let up = '../../../'; up.length < 30; up += '../') {
    const candidate = new URL(`${up}shared/reference/${name}`, import.meta.url);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`shared/reference/${name} not found above ${import.meta.url}`);
}
