import { describe, expect, it, onTestFinished } from 'vitest';
import { stderrLines } from '../../serve/support/sync-world.js';
import { finished, spawnCsm } from '../../store/support/processes.js';
import { launchChromium } from './support/browser.js';

describe('csm demo with the dashboard', () => {
  it('prints the dashboard URL and a one-time login after the first syncs; the browser signs in with it and sees the orders', async () => {
    let demoRef: { kill(signal: NodeJS.Signals): boolean } | undefined;
    onTestFinished(() => {
      demoRef?.kill('SIGKILL');
    });
    const demo = spawnCsm(['demo', '--port', '0', '--activity', '0'], {});
    demoRef = demo;
    const exit = finished(demo);
    const log = stderrLines(demo);
    const urlLine = await log.waitFor(/csm demo: dashboard: /);
    const url = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(urlLine)?.[1] ?? '';
    expect(url).not.toBe('');
    const loginLine = await log.waitFor(/sign in as demo with the password /);
    const password = /the password (\S+) /.exec(loginLine)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
    // Both first syncs are done when the login is shown.
    expect(log.lines.filter((l) => /first sync imported \d+ orders/.test(l))).toHaveLength(2);

    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ baseURL: url });
      await page.goto('/orders');
      await page.fill('input[name=name]', 'demo');
      await page.fill('input[name=password]', password);
      await page.click('button[type=submit]');
      await page.waitForSelector('#who form.logout');
      expect(await page.textContent('#who')).toContain('demo');
      await page.waitForSelector('section.orders tbody tr');
      expect(await page.locator('section.orders tbody tr').count()).toBe(50);
    } finally {
      await browser.close();
    }
    demo.kill('SIGINT');
    const ended = await exit;
    expect(ended.code).toBe(0);
    // The password is printed once, on stderr only.
    expect(ended.stderr.split(password).length - 1).toBe(1);
    expect(ended.stdout).not.toContain(password);
  }, 180_000);
});
