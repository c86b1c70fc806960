/**
 * npm run screenshots — pictures of the console's main pages for docs/console.md, taken as a new
 * user would see them: a simulated book (`cli simulate`) in a fresh DATA_DIR, the built service
 * on it, and headless Chromium signed in with an admin key. Writes docs/screenshots/*.png.
 * SCREENSHOT_CUSTOMERS (80) and SCREENSHOT_DAYS (200) size the book.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { startProcess } from '../bench/service-process';
import { launchChromium } from '../test/console/chromium';

// What the function run inside the page uses (this project's type-check has no DOM library).
declare const sessionStorage: { setItem(key: string, value: string): void };

const CUSTOMERS = process.env.SCREENSHOT_CUSTOMERS ?? '80';
const DAYS = process.env.SCREENSHOT_DAYS ?? '200';
const API_KEY = 'screenshots-admin-key-0123456789';
const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'screenshots');

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'console-screenshots-'));
  const env = { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  const simulated = spawnSync(
    process.execPath,
    [join(ROOT, 'dist/apps/cli/src/main.js'), 'simulate', '--customers', CUSTOMERS, '--days', DAYS, '--seed', '1'],
    { env, stdio: 'inherit' },
  );
  if (simulated.status !== 0) throw new Error(`cli simulate exited with ${simulated.status}`);
  const service = await startProcess(
    [join(ROOT, 'dist/apps/api/src/main.js')],
    { ...env, LOG_LEVEL: 'info', PORT: '0', API_KEYS: `${API_KEY}:screenshots:admin` },
    join(dataDir, 'service.log'),
  );
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript((key) => sessionStorage.setItem('collections.apiKey', key), API_KEY);
    const page = await context.newPage();
    mkdirSync(OUT, { recursive: true });
    const shoot = async (path: string, name: string, ready: (page: Page) => Promise<unknown>) => {
      await page.goto(`${service.baseUrl}/app${path}`);
      await ready(page);
      await page.screenshot({ path: join(OUT, `${name}.png`) });
      console.log(`docs/screenshots/${name}.png: ${path}`);
    };
    await shoot('/worklist?collector=COL-1', 'worklist', (page) =>
      page.getByRole('region', { name: 'Worklist items' }).getByRole('link').first().waitFor(),
    );
    const customerId = await page.getByRole('region', { name: 'Worklist items' }).getByRole('link').first().textContent();
    await shoot(`/customers/${customerId}`, 'customer', (page) =>
      page.getByRole('list', { name: 'Timeline' }).getByRole('listitem').first().waitFor(),
    );
    await page.getByRole('heading', { name: 'Timeline', exact: true }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'customer-timeline.png') });
    console.log(`docs/screenshots/customer-timeline.png: /customers/${customerId}, scrolled to the Timeline`);
    await page.getByRole('button', { name: 'Record a promise' }).click();
    await page.getByRole('dialog', { name: 'Record a promise' }).getByLabel('Amount').fill('600.00');
    await page.screenshot({ path: join(OUT, 'record-a-promise.png') });
    console.log(`docs/screenshots/record-a-promise.png: /customers/${customerId}, Record a promise`);
    await shoot('/escalations', 'escalations', (page) =>
      page
        .getByRole('button', { name: /^Accept/ })
        .first()
        .waitFor(),
    );
    // The book's days, not today's: on the service's today everything simulated is long past due.
    await shoot('/aging?asOf=2025-06-30&currency=EUR', 'aging', (page) =>
      page.getByRole('heading', { name: /^Customers in EUR/ }).waitFor(),
    );
    await shoot('/kpis?from=2025-01-01&to=2025-06-30&currency=EUR', 'kpis', (page) =>
      page.getByRole('img', { name: /by month/ }).waitFor(),
    );
    await shoot('/policy', 'policy', (page) => page.getByRole('heading', { name: 'Versions' }).waitFor());
  } finally {
    await browser.close();
    await service.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
