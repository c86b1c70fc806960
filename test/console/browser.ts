import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from './chromium';
import { consoleDirectory } from '../../apps/api/src/console/serve-console';
import { TestApi, startApi } from '../api/harness';

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserMissing(): string | undefined {
  if (!existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`;
  if (consoleDirectory() === undefined) return 'the console is not built (npm run build)';
  return undefined;
}

/** `describe`, or `describe.skip` with the reason printed, when no browser or no built console is here. */
export function describeInBrowser(name: string, body: () => void): void {
  const missing = browserMissing();
  if (missing) {
    console.warn(`${name}: skipped, ${missing}`);
    describe.skip(name, body);
  } else
    describe(name, () => {
      // A browser's first page (and axe's scan) takes seconds on a shared 2-core machine.
      jest.setTimeout(30_000);
      body();
    });
}

/** The api listening on a loopback port, and a headless Chromium to open its console with. */
export interface ConsoleRig {
  api: TestApi;
  baseUrl: string;
  /** A fresh browser tab (its own session storage) at a console path, e.g. `/app/`. */
  open(path?: string): Promise<Page>;
  close(): Promise<void>;
}

/** `options` go to the api (e.g. `env` to host the policy engine). */
export async function startConsoleRig(options: Parameters<typeof startApi>[0] = {}): Promise<ConsoleRig> {
  const api = await startApi(options);
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await api.close();
    throw error;
  }
  return {
    api,
    baseUrl,
    open: async (path = '/app/') => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${baseUrl}${path}`);
      return page;
    },
    close: async () => {
      await browser.close();
      await api.close();
    },
  };
}

/** Signs in as a person does: the key typed into **API key**, then **Sign in**. */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The page's accessibility violations that axe rates serious or critical, by rule id. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter(({ impact }) => impact === 'serious' || impact === 'critical');
  if (process.env.AXE_DEBUG)
    console.log(
      JSON.stringify(
        serious.map(({ id, nodes }) => ({ id, nodes: nodes.map((node) => [node.html, node.failureSummary]) })),
        null,
        1,
      ),
    );
  return serious.map(({ id }) => id);
}

/** The cells of a table's row whose first cell (a header or a cell) says `first`, non-breaking spaces as spaces. */
export async function rowOf(page: Page, table: string, first: string): Promise<string[]> {
  const row = page
    .getByRole('table', { name: table })
    .getByRole('row')
    .filter({ has: page.getByText(first, { exact: true }) });
  await row.waitFor();
  return (await row.locator('th, td').allTextContents()).map((text) => text.replace(/\u00a0/g, ' '));
}
