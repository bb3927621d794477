import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountClients, sendPackages } from '../../../src/fulfillment/index.js';
import { realClock } from '../../../src/time/clock.js';
import { type DashboardWorld, dashboardWorld, USERS } from './support/dashboard-world.js';

/** The first order id of the list shown. */
const FIRST_CELL = 'section.orders tbody tr:first-child td:first-child a';

describe('the dashboard in chromium', () => {
  let world: DashboardWorld;
  beforeAll(async () => {
    world = await dashboardWorld();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('sends a visitor to the login page, refuses a wrong password and lets the right one in', async () => {
    const page = await world.page();
    await page.goto('/orders');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name=name]', USERS.admin.name);
    await page.fill('input[name=password]', 'not-the-password');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=alert]');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('#who').count()).toBe(0);

    await page.fill('input[name=password]', USERS.admin.password);
    await page.click('button[type=submit]');
    await page.waitForSelector('#who form.logout');
    expect(new URL(page.url()).pathname).toBe('/orders');
    expect(await page.textContent('#who')).toContain(USERS.admin.name);
    await page.context().close();
  });

  it('walks the Connect wizard: a wrong client secret is named on its step, the right one connects', async () => {
    const { credentials } = world.emulator;
    const seller = credentials.sellers[0]!;
    const page = await world.signedIn(USERS.admin, '/connect');
    await page.waitForSelector('#step-account.current');
    await page.fill('#step-account input[name=name]', 'wizard-shop');
    await page.selectOption('#step-account select[name=region]', seller.region);
    await page.fill('#step-account input[name=endpoint]', world.emulator.url);
    await page.click('#step-account button[type=submit]');

    await page.waitForSelector('#step-app.current');
    await page.fill('#step-app input[name=clientId]', credentials.clientId);
    await page.fill('#step-app input[name=clientSecret]', `amzn1.oa2-cs.v1.${'0'.repeat(64)}`);
    await page.click('#step-app button[type=submit]');

    await page.waitForSelector('#step-authorization.current');
    await page.fill('#step-authorization input[name=refreshToken]', seller.refreshToken);
    await page.fill('#step-authorization input[name=sellerId]', seller.sellerId);
    await page.click('#step-authorization button[type=submit]');

    // Amazon (the emulator) refused the client: the wizard goes back to the app's step and says why.
    const refused = page.locator('#step-app [data-check="lwa.client"]');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/fail lwa\.client: LWA refused the client id and secret/);
    expect(await page.locator('#step-app.current').count()).toBe(1);
    expect(await page.locator('#connect').isDisabled()).toBe(true);

    await page.fill('#step-app input[name=clientSecret]', credentials.clientSecret);
    await page.click('#step-app button[type=submit]');
    await page.waitForSelector('#step-authorization.current');
    await page.click('#step-authorization button[type=submit]');
    await page.waitForSelector('#step-authorization [data-check="marketplaces"].pass');
    await page.waitForSelector('#step-aws.current');
    await page.click('#step-aws button[type=submit]');
    await page.waitForSelector('#connect:not([disabled])');
    await page.click('#connect');
    await page.waitForSelector('#connect-result >> text=Connected wizard-shop');
    const stored = await world.store.db
      .selectFrom('accounts')
      .select(['name', 'endpoint'])
      .where('name', '=', 'wizard-shop')
      .executeTakeFirst();
    expect(stored).toEqual({ name: 'wizard-shop', endpoint: world.emulator.url });
    await page.context().close();
  });

  it('lists orders 50 a page with next and previous, filters them, finds one by id and opens it', async () => {
    const page = await world.signedIn(USERS.admin, '/orders');
    const rows = page.locator('section.orders tbody tr');
    const firstIds = async () =>
      await page.locator('section.orders tbody tr td:first-child').allTextContents();
    await rows.first().waitFor();
    expect(await rows.count()).toBe(50);
    const pageOne = await firstIds();

    await page.click('button[rel=next]');
    await page.waitForURL(/cursor=/);
    await page.waitForSelector(`${FIRST_CELL}:not(:text-is("${pageOne[0]}"))`);
    const pageTwo = await firstIds();
    expect(pageTwo.some((id) => pageOne.includes(id))).toBe(false);
    await page.click('button[rel=prev]');
    await page.waitForSelector(`${FIRST_CELL}:text-is("${pageOne[0]}")`);
    expect(await firstIds()).toEqual(pageOne);

    await page.selectOption('select[name=fulfillment]', 'AFN');
    await page.waitForURL(/fulfillment=AFN/);
    await page.waitForSelector('section.orders tbody tr');
    const kinds = await page.locator('section.orders tbody tr td:nth-child(4)').allTextContents();
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(['FBA']));
    await page.selectOption('select[name=account]', world.accounts[1]!);
    await page.waitForURL(/account=seller-2/);
    await page.waitForSelector('section.orders tbody tr');
    const owners = await page.locator('section.orders tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(owners)).toEqual(new Set([world.accounts[1]]));

    const wanted = pageOne[7]!;
    await page.goto('/orders');
    await page.fill('input[name=q]', wanted);
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/q=/);
    await page.waitForSelector('section.orders tbody tr:only-child');
    await page.click(`section.orders tbody a:text-is("${wanted}")`);
    await page.waitForSelector('section.order h1');
    expect(await page.textContent('section.order h1')).toBe(`Order ${wanted}`);
    expect(await page.locator('section.order table').first().locator('tbody tr').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('masks buyer data for a user without the PII permission; a user with it reveals it, and the reveal is audited', async () => {
    const stored = await world.store.db
      .selectFrom('order_pii')
      .innerJoin('accounts', 'accounts.id', 'order_pii.account_id')
      .select(['order_pii.order_id', 'accounts.name'])
      .orderBy('order_pii.order_id')
      .executeTakeFirstOrThrow();
    const path = `/orders/${stored.order_id}?account=${stored.name}`;
    const reveals = () =>
      world.store.db
        .selectFrom('audit_log')
        .select(['actor', 'order_id'])
        .where('action', '=', 'pii.reveal')
        .execute();

    const clerk = await world.signedIn(USERS.clerk, path);
    await clerk.waitForSelector('#pii [data-pii=masked]');
    expect(await clerk.textContent('#pii')).toContain('(masked)');
    expect(await clerk.locator('#reveal').count()).toBe(0);
    // Asking the API directly is refused too.
    const refused = await clerk.evaluate(
      async (url) => (await fetch(url)).status,
      `/api/v1${path}&reveal=pii`,
    );
    expect(refused).toBe(403);
    await clerk.context().close();
    expect(await reveals()).toEqual([]);

    const admin = await world.signedIn(USERS.admin, path);
    await admin.waitForSelector('#pii [data-pii=masked]');
    await admin.click('#reveal');
    await admin.waitForSelector('#pii [data-pii=revealed]');
    expect(await admin.textContent('#pii')).not.toContain('(masked)');
    expect(await reveals()).toEqual([{ actor: USERS.admin.name, order_id: stored.order_id }]);
    await admin.context().close();
  });

  it('draws every page without an error; parts not installed say they are not available', async () => {
    const page = await world.signedIn(USERS.admin, '/');
    for (const [path, title] of [
      ['/', 'Overview'],
      ['/accounts', 'Accounts'],
      ['/sync', 'Sync status'],
      ['/shipments', 'Shipments'],
      ['/stock', 'Stock and prices'],
      ['/connect', 'Connect an account'],
    ] as const) {
      await page.click(`nav.pages a[href="${path}"]`);
      await page.waitForSelector(`#view h1:text-is("${title}")`);
      await page.waitForSelector('#view .loading', { state: 'detached' });
      expect(await page.locator('#view .notice.error').allTextContents(), path).toEqual([]);
    }
    // The overview's charts come from the stats of the synced orders.
    await page.click('nav.pages a[href="/"]');
    await page.waitForSelector('section.overview figure.chart svg');
    expect(await page.locator('section.overview figure.chart svg').count()).toBe(2);
    await page.context().close();
  });

  it('takes a shipment entered on an order’s page, and the package sent lands at Amazon', async () => {
    const order = await world.store.db
      .selectFrom('orders')
      .innerJoin('accounts', 'accounts.id', 'orders.account_id')
      .select(['orders.order_id', 'accounts.name'])
      .where('orders.fulfilled_by', '=', 'MERCHANT')
      .where('orders.status', '=', 'UNSHIPPED')
      .orderBy('orders.order_id')
      .executeTakeFirstOrThrow();
    const page = await world.signedIn(USERS.admin, `/orders/${order.order_id}?account=${order.name}`);
    await page.waitForSelector('#ship-form');
    await page.fill('#ship-form input[name=carrier]', 'UPS');
    await page.fill('#ship-form input[name=trackingNumber]', '1Z999AA10123456784');
    await page.click('#ship-form button[type=submit]');
    // The page reloads with the stored package in its shipments table.
    await page.waitForSelector('section.order td:text-is("1Z999AA10123456784")');
    const packages = await world.store.db
      .selectFrom('shipment_packages')
      .innerJoin('shipments', 'shipments.id', 'shipment_packages.shipment_id')
      .select(['shipment_packages.id', 'shipment_packages.tracking_number'])
      .where('shipments.order_id', '=', order.order_id)
      .execute();
    expect(packages.map((p) => p.tracking_number)).toEqual(['1Z999AA10123456784']);
    await page.context().close();

    // What csm serve's shipment workers do with it; Amazon (the emulator) counts one confirmation.
    const statuses = await sendPackages(
      {
        db: world.store.db,
        clock: realClock,
        clientFor: accountClients(world.store.db, world.vault, realClock),
        owner: 'browser-test',
      },
      packages.map((p) => p.id),
    );
    expect([...statuses.values()]).toEqual(['confirmed']);
    const stats = (await (await fetch(`${world.emulator.url}/_emulator/stats`)).json()) as {
      confirmations: Record<string, Record<string, { count: number }>>;
    };
    expect(Object.values(stats.confirmations[order.order_id] ?? {}).map((c) => c.count)).toEqual([1]);
  });
});
