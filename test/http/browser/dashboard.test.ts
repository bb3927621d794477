import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DashboardWorld, dashboardWorld, USERS } from './support/dashboard-world.js';

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
});
