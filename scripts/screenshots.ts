/**
 * Saves the README's screenshots of the dashboard with chromium:
 *
 *   npm run screenshots
 *
 * Seeds a throwaway store from the built-in emulator (two sellers, connected and synced as csm connect and
 * csm sync do), starts the dashboard on loopback, signs in and saves docs/screenshots/dashboard.png (the
 * overview) and docs/screenshots/orders.png (the orders list). Emulator data only, and no page shown holds
 * buyer data: the overview and the orders list never do.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { dashboardWorld, USERS } from '../test/http/browser/support/dashboard-world.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'docs/screenshots');
mkdirSync(out, { recursive: true });

process.stderr.write('screenshots: seeding a store from the emulator and starting the dashboard…\n');
const world = await dashboardWorld({ orders: 400 });
try {
  const page = await world.signedIn(USERS.admin, '/');
  await page.setViewportSize({ width: 1280, height: 860 });
  await page.waitForSelector('section.overview figure.chart');
  await page.screenshot({ path: path.join(out, 'dashboard.png') });
  await page.goto('/orders');
  await page.waitForSelector('section.orders tbody tr');
  await page.screenshot({ path: path.join(out, 'orders.png') });
  process.stderr.write(`screenshots: saved dashboard.png and orders.png in ${out}\n`);
} finally {
  await world.close();
}
