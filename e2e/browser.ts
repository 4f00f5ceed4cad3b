import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_PATH } from './chromium-path.ts';

const ARTIFACTS = path.resolve(import.meta.dirname, '../test-artifacts/e2e');

/** A browser with a fresh profile; `close` also deletes the profile. */
export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close: () => Promise<void>;
}

/**
 * Launches Debian's Chromium headless with a throwaway profile, 1440×900,
 * Chinese locale (the product's first language), and the network chatter
 * of a normal browser (sync, updates, QUIC) turned off.
 */
export async function launchBrowser(): Promise<TestBrowser> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zb-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  // Generous: a loaded 2-core CI machine renders antd drawers slowly.
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of the viewport (drawers and popups are fixed to it) to test-artifacts/e2e/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}
