import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium for every browser test (never a downloaded browser), headless and with the background
 * networking this closed machine would refuse switched off. CHROMIUM_PATH points elsewhere if needed.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
