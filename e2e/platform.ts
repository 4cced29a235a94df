import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot } from '../core/paths';
import { startApi, startWorker, type RunningApi, type RunningWorker } from '../test/helpers';
import { launchBrowser } from './browser';

export const e2eOutput = path.join(repoRoot, 'e2e', 'output');

export interface BrowserPlatform {
  api: RunningApi;
  worker: RunningWorker;
  browser: Browser;
}

/**
 * A suite's real platform: the worker, the API serving the built web app, and Chromium, started before the suite and
 * stopped after it. Read the fields inside tests (they are filled in by beforeAll).
 */
export function useBrowserPlatform(): BrowserPlatform {
  const platform = {} as BrowserPlatform;
  beforeAll(async () => {
    mkdirSync(e2eOutput, { recursive: true });
    platform.worker = await startWorker();
    platform.api = await startApi();
    platform.browser = await launchBrowser();
  });
  afterAll(async () => {
    await platform.browser?.close();
    await platform.api?.app.close();
    await platform.worker?.stop();
  });
  return platform;
}

export interface SignedInPage {
  page: Page;
  /** Console errors and uncaught exceptions of the page, for the test to check at its end. */
  consoleErrors: string[];
}

/** A new page signed in with `key` through the login form (it lands on the runs page), recording the page's errors. */
export async function signedInPage(platform: BrowserPlatform, key: string, options: Parameters<Browser['newPage']>[0] = {}): Promise<SignedInPage> {
  const page = await platform.browser.newPage({ viewport: { width: 1440, height: 900 }, ...options });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(`${platform.api.url}/`);
  await page.getByTestId('api-key-input').fill(key);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('runs-table').or(page.getByText(/no runs/i)).first().waitFor();
  return { page, consoleErrors };
}
