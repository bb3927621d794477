import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listOperations } from '../../src/cli/api/list-operations.js';
import { parseParams } from '../../src/cli/api/parse-params.js';
import { resolveOperation } from '../../src/cli/api/resolve-operation.js';

const spec = (name: string) => resolveOperation(name).spec;

describe('csm api: operation names', () => {
  it('takes a bare unique operationId and a versioned shared one', () => {
    expect(resolveOperation('searchOrders').key).toBe('searchOrders');
    expect(resolveOperation('getOrder@2026-01-01').spec.path).toBe('/orders/2026-01-01/orders/{orderId}');
  });

  it('refuses a shared operationId without its version and names the choices', () => {
    expect(() => resolveOperation('getOrder')).toThrow(
      /getOrder@2026-01-01 or getOrder@v0|getOrder@v0 or getOrder@2026-01-01/,
    );
  });

  it('suggests a close name for a typo', () => {
    expect(() => resolveOperation('searchorders')).toThrow(/did you mean searchOrders/);
  });
});

describe('csm api: --param and --body', () => {
  it('puts each parameter where the model says, arrays comma-separated', () => {
    const op = spec('getOrders');
    const request = parseParams(
      op,
      [
        'MarketplaceIds=ATVPDKIKX0DER,A2EUQ1WTGCTBG2',
        'CreatedAfter=2026-01-01T00:00:00Z',
        'MarketplaceIds=A1AM78C64UM0Y8',
      ],
      undefined,
    );
    expect(request.query).toEqual({
      MarketplaceIds: ['ATVPDKIKX0DER', 'A2EUQ1WTGCTBG2', 'A1AM78C64UM0Y8'],
      CreatedAfter: '2026-01-01T00:00:00Z',
    });
    expect(request.path).toEqual({});
  });

  it('fills path parameters and accepts the other spelling of a name', () => {
    const op = spec('getOrder@2026-01-01');
    const request = parseParams(
      op,
      ['orderId=123-1234567-1234567', 'IncludedData=BUYER,RECIPIENT'],
      undefined,
    );
    expect(request.path).toEqual({ orderId: '123-1234567-1234567' });
    expect(request.query).toEqual({ includedData: ['BUYER', 'RECIPIENT'] });
  });

  it('names the missing path parameter, the unknown one and the malformed pair', () => {
    const op = spec('getOrderItems');
    expect(() => parseParams(op, [], undefined)).toThrow(/--param orderId=/);
    expect(() => parseParams(op, ['orderId=1', 'colour=red'], undefined)).toThrow(
      /no parameter colour: its parameters are orderId, NextToken/,
    );
    expect(() => parseParams(op, ['orderId'], undefined)).toThrow(/name=value/);
    expect(() => parseParams(spec('getOrders'), ['CreatedAfter=2026-01-01T00:00:00Z'], undefined)).toThrow(
      /getOrders needs --param MarketplaceIds=\.\.\. \(GET \/orders\/v0\/orders\)/,
    );
  });

  it('reads a body inline or from a file, and refuses one the operation does not take', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'csm-api-'));
    const file = path.join(dir, 'body.json');
    writeFileSync(file, '{"restrictedResources":[{"method":"GET","path":"/orders/v0/orders"}]}');
    const rdt = spec('createRestrictedDataToken');
    expect(parseParams(rdt, [], `@${file}`).body).toEqual({
      restrictedResources: [{ method: 'GET', path: '/orders/v0/orders' }],
    });
    expect(parseParams(rdt, [], '{"a":1}').body).toEqual({ a: 1 });
    expect(() => parseParams(rdt, [], undefined)).toThrow(/needs a JSON body/);
    expect(() => parseParams(rdt, [], '{"buyer": "Jane Roe",')).toThrow(/not valid JSON/);
    expect(() => parseParams(rdt, [], '{"buyer": "Jane Roe",')).not.toThrow(/Jane/);
    expect(() => parseParams(rdt, [], `@${path.join(dir, 'missing.json')}`)).toThrow(/cannot read .*ENOENT/);
    expect(() => parseParams(spec('getAccount'), [], '{}')).toThrow(/takes no body/);
  });
});

describe('csm api --list', () => {
  it('lists every operation with rate, burst, grantless and restricted', () => {
    const lines = listOperations('text').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^OPERATION\s+METHOD\s+PATH\s+RATE\s+BURST\s+GRANTLESS\s+RESTRICTED$/);
    const search = lines.find((l) => l.startsWith('searchOrders '));
    expect(search?.split(/\s+/)).toEqual([
      'searchOrders',
      'GET',
      '/orders/2026-01-01/orders',
      '0.0056',
      '20',
      'no',
      'no',
    ]);
    expect(
      lines
        .find((l) => l.startsWith('getOrderAddress '))
        ?.split(/\s+/)
        .at(-1),
    ).toBe('yes');
    const json = JSON.parse(listOperations('json')) as { operation: string }[];
    expect(json.map((r) => r.operation)).toContain('getOrder@v0');
    expect(json).toHaveLength(lines.length - 1);
  });
});
