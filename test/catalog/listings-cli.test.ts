import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InventoryRow, ListingView } from '../../src/catalog/index.js';
import { type CatalogWorld, catalogWorld } from './support/catalog-world.js';

// Issue 11, point 5: csm listings list|show and csm inventory read every page of Amazon's answers.

let w: CatalogWorld;

beforeAll(async () => {
  w = await catalogWorld();
  // Enough FBA SKUs for several inventory pages (50 a page) and listings past one search page (20).
  const res = await fetch(`${w.world.emulator.url}/_emulator/listings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sellerId: w.sellerId, count: 120, fulfilledBy: 'AMAZON', skuPrefix: 'BULK' }),
  });
  expect(res.ok).toBe(true);
});
afterAll(() => w?.close());

describe('csm listings', () => {
  it('lists every listing of the marketplace across pages, as NDJSON or a table', async () => {
    const truth = await w.truth();
    const run = await w.run(['listings', 'list', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const listed = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as ListingView);
    expect(listed.map((l) => l.sku).sort()).toEqual(truth.map((t) => t.sku).sort());
    expect(run.stderr).toContain(`${truth.length} listing(s)`);
    for (const l of listed) {
      const t = truth.find((r) => r.sku === l.sku)!;
      expect(l.quantity ?? null).toBe(t.quantity);
      expect(l.price ? { amount: l.price.amount, currencyCode: l.price.currency } : null).toEqual(t.price);
    }
    const table = await w.run(['listings', 'list']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^SKU\s+ASIN\s+CHANNEL\s+QUANTITY\s+PRICE\s+STATUS\s+NAME$/);
    expect(lines).toHaveLength(truth.length + 1);
  });

  it('shows one listing as Amazon has it; an unknown SKU exits 2', async () => {
    const [row] = (await w.truth()).filter((r) => r.fulfillmentChannelCode === 'DEFAULT');
    const run = await w.run(['listings', 'show', row!.sku]);
    expect(run.code, run.stderr).toBe(0);
    const shown = JSON.parse(run.stdout) as { account: string; item: { sku: string; attributes: object } };
    expect(shown).toMatchObject({
      account: 'seller-1',
      marketplaceId: w.marketplaceId,
      item: { sku: row!.sku },
    });
    expect(shown.item.attributes).toHaveProperty('fulfillment_availability');
    const missing = await w.run(['listings', 'show', 'NOPE-404']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/SKU "NOPE-404" is not a listing of account seller-1/);
  });
});

describe('csm inventory', () => {
  it('shows every FBA SKU of the marketplace across pages with its quantities', async () => {
    const fba = (await w.truth()).filter((r) => r.fba !== null);
    expect(fba.length).toBeGreaterThan(100);
    const run = await w.run(['inventory', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as InventoryRow);
    expect(rows.map((r) => r.sku).sort()).toEqual(fba.map((f) => f.sku).sort());
    for (const r of rows) {
      const t = fba.find((f) => f.sku === r.sku)!;
      expect(r.fulfillable).toBe(t.fba?.fulfillable);
      expect(r.fnSku).toBe(t.fnSku);
    }
    const table = await w.run(['inventory']);
    expect(table.stdout.split('\n')[0]).toMatch(/^SKU\s+FNSKU\s+ASIN\s+FULFILLABLE\s+INBOUND/);
  });
});
