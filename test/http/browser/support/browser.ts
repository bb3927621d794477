import { type Browser, chromium } from 'playwright-core';

/** Debian's chromium (.ci/run installs it); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.CSM_CHROMIUM ?? '/usr/bin/chromium';

/** Starts headless chromium; `--no-sandbox` because the tests and CI run as root. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true });
}
