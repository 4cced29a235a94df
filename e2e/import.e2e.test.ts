import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestKey } from '../test/helpers';
import { e2eOutput, signedInPage, useBrowserPlatform } from './platform';

const platform = useBrowserPlatform();
const output = e2eOutput;

describe('web app', () => {
  it('signs in, starts an import of a server file, and watches it complete', async () => {
    const key = await createTestKey('trader');
    const { page } = await signedInPage(platform, key, { viewport: { width: 1280, height: 860 } });

    await page.goto(`${platform.api.url}/import`);
    await page.getByTestId('import-source-path').click();
    await page.getByTestId('import-path-input').fill('../shared/data/ashare/000001.SH_D.csv');
    await page.getByTestId('import-start').click();

    await page.waitForURL(/\/runs\/import-klines-/);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 120_000 }).toMatch(/COMPLETED/);
    await page.getByTestId('run-stats').waitFor();
    expect(await page.getByTestId('run-stats').textContent()).toMatch(/3,?332/);
    await page.screenshot({ path: path.join(output, 'import-completed.png'), fullPage: true });

    await page.goto(`${platform.api.url}/runs`);
    await page.getByTestId('runs-table').waitFor();
    expect(await page.getByTestId('runs-table').textContent()).toMatch(/importKlines/);
    await page.screenshot({ path: path.join(output, 'runs.png'), fullPage: true });
  });
});
