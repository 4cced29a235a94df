import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
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
