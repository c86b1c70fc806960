/**
 * npm run bench:console — the web console as a person's browser meets it:
 *  1. the first load: every script and style the sign-in page fetches, gzipped as served over
 *     the wire would be (the issue's budget: 300 kB of JavaScript), the same for the customer's
 *     page (/pay/<token>), and the chunks that load only when their page is opened;
 *  2. the time to show a worklist of 2,000 accounts, beside one of 200 (the baseline: with rows
 *     virtualised, ten times the rows should cost far less than ten times the time), from the
 *     navigation to the rows on screen, in headless Chromium against the built service;
 *  3. scrolling each list from top to bottom, a screen's worth per frame: the frame times say
 *     whether it stays smooth, and the rows in the document how many are rendered at once.
 * Figures are printed, never asserted. BENCH_RUNS (5) sets the runs per list; the median is shown.
 * The npm script builds first.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { Browser, Page } from 'playwright-core';
import { launchChromium } from '../test/console/chromium';
import { seedBook } from './http-book';
import { startProcess } from './service-process';

// What the functions run inside the page use (this project's type-check has no DOM library).
declare const sessionStorage: { setItem(key: string, value: string): void };
declare function requestAnimationFrame(callback: (now: number) => void): number;

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LISTS = [
  { collectorId: 'collector-200', rows: 200 },
  { collectorId: 'collector-2000', rows: 2_000 },
];
const API_KEY = 'bench-console-key-0123456789';
const MAIN = join(__dirname, '..', 'dist', 'apps', 'api', 'src', 'main.js');
const CONSOLE = join(__dirname, '..', 'dist', 'console');

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const gzipped = (path: string) => gzipSync(readFileSync(join(CONSOLE, path.replace(/^\/app\//, '')))).length;
const sum = (paths: string[]) => paths.reduce((total, path) => total + gzipped(path), 0);

/** The paths a page fetches until the network is idle and `ready` shows, with what the api sent for each. */
async function loadOf(browser: Browser, url: string, ready: (page: Page) => Promise<void>) {
  const page = await browser.newPage();
  const loaded: string[] = [];
  const sent: { path: string; bytes: number; encoding: string }[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    loaded.push(path);
    const headers = response.headers();
    sent.push({ path, bytes: Number(headers['content-length'] ?? 0), encoding: headers['content-encoding'] ?? 'identity' });
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await ready(page);
  await page.close();
  const assets = loaded.filter((path) => path.startsWith('/app/assets/'));
  return { js: assets.filter((path) => path.endsWith('.js')), css: assets.filter((path) => path.endsWith('.css')), sent };
}

/** What the sign-in page loads, by kind, gzipped; and each chunk that loads later, by file. */
async function firstLoad(browser: Browser, baseUrl: string): Promise<void> {
  const { js, css, sent } = await loadOf(browser, `${baseUrl}/app/`, (page) => page.getByLabel('API key').waitFor());
  console.log(
    `first load (the sign-in page): ${js.length} scripts, ${kB(sum(js))} gzipped JavaScript (budget 300 kB); ${kB(sum(css))} gzipped CSS`,
  );
  // What the api sent for them: the build's Brotli copies, to a browser that accepts Brotli.
  const wire = sent.filter(({ path }) => path.startsWith('/app/'));
  const encodings = [...new Set(wire.map(({ encoding }) => encoding))].join(', ');
  console.log(
    `over the wire: ${kB(wire.reduce((total, { bytes }) => total + bytes, 0))} in ${wire.length} responses (${encodings}), the page included`,
  );
  // The customer's page (a second entry of the build): what a customer's browser loads, its shell
  // with a token that opens nothing being the same as with one that does.
  const pay = await loadOf(browser, `${baseUrl}/pay/not-a-token`, (page) =>
    page.getByRole('heading', { name: 'This link does not work' }).waitFor(),
  );
  console.log(
    `the customer's page: ${pay.js.length} scripts, ${kB(sum(pay.js))} gzipped JavaScript (${pay.js
      .map((path) => `${path.replace(/^\/app\/assets\//, '').replace(/-[\w-]{8}\.js$/, '')} ${kB(gzipped(path))}`)
      .join(', ')}); ${kB(sum(pay.css))} gzipped CSS`,
  );
  const later = readdirSync(join(CONSOLE, 'assets'))
    .filter((file) => file.endsWith('.js') && !js.includes(`/app/assets/${file}`) && !pay.js.includes(`/app/assets/${file}`))
    .map((file) => ({ file, size: gzipped(`/app/assets/${file}`) }))
    .sort((a, b) => b.size - a.size);
  console.log(
    `loaded when their page opens: ${later.map(({ file, size }) => `${file.replace(/-[\w-]{8}\.js$/, '')} ${kB(size)}`).join(', ')}`,
  );
}

interface Shown {
  /** From the navigation's start to the list's rows on screen, in ms (the page's own clock). */
  shownMs: number;
  /** Rows in the document once shown: virtualised, a screenful and its overscan, not the list. */
  rowsInDocument: number;
  /** Frame times while scrolling the list from top to bottom, in ms. */
  frameP50: number;
  frameP95: number;
  frameMax: number;
}

async function showWorklist(browser: Browser, baseUrl: string, collectorId: string, rows: number): Promise<Shown> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  // Signed in already, as a person who reopens the page in the same browser session is.
  await context.addInitScript((key) => sessionStorage.setItem('collections.apiKey', key), API_KEY);
  const page = await context.newPage();
  await page.goto(`${baseUrl}/app/worklist?collector=${collectorId}`);
  await page.getByText(`${rows.toLocaleString('en-US')} items as of`).waitFor({ timeout: 60_000 });
  const list = page.getByRole('region', { name: 'Worklist items' });
  await list.getByRole('link').first().waitFor();
  const shownMs = await page.evaluate(() => performance.now());
  const rowsInDocument = (await list.getByRole('row').count()) - 1;
  const frames = await list.evaluate(
    (element) =>
      new Promise<number[]>((resolve) => {
        const times: number[] = [];
        let last = performance.now();
        const step = (now: number) => {
          times.push(now - last);
          last = now;
          if (element.scrollTop + element.clientHeight >= element.scrollHeight) return resolve(times.slice(1));
          element.scrollTop += element.clientHeight;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
  );
  await context.close();
  const sorted = [...frames].sort((a, b) => a - b);
  return {
    shownMs,
    rowsInDocument,
    frameP50: sorted[Math.floor(sorted.length / 2)],
    frameP95: sorted[Math.floor(sorted.length * 0.95)],
    frameMax: sorted[sorted.length - 1],
  };
}

async function main(): Promise<void> {
  for (const built of [MAIN, join(CONSOLE, 'index.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'console-bench-'));
  const customers = LISTS.reduce((total, { rows }) => total + rows, 0);
  const seeded = await seedBook(dataDir, customers, (customer) => (customer < LISTS[0].rows ? LISTS[0].collectorId : LISTS[1].collectorId));
  console.log(
    `book: ${seeded.invoices.toLocaleString('en-US')} open invoices of ${customers.toLocaleString('en-US')} customers, seeded in ${seeded.seconds.toFixed(1)} s`,
  );
  const service = await startProcess(
    ['--max-semi-space-size=32', MAIN],
    { DATA_DIR: dataDir, PORT: '0', API_KEYS: `${API_KEY}:bench-manager:manager`, POLICY_ENGINE: 'off' },
    join(dataDir, 'service.log'),
  );
  const browser = await launchChromium();
  try {
    // The read models catch up with the seeded book before anything is measured.
    for (const { collectorId, rows } of LISTS) {
      for (;;) {
        const response = await fetch(`${service.baseUrl}/worklists/${collectorId}?pageSize=1`, {
          headers: { authorization: `Bearer ${API_KEY}` },
        });
        if (response.ok && ((await response.json()) as { total: number }).total >= rows) break;
        await sleep(250);
      }
    }
    console.log(`headless Chromium ${browser.version()}, viewport 1440×900, ${RUNS} runs per list (median), Node ${process.version}`);
    await firstLoad(browser, service.baseUrl);
    console.log('| worklist | shown in | rows in the document | frame p50 | frame p95 | frame max |');
    console.log('|---|---|---|---|---|---|');
    for (const { collectorId, rows } of LISTS) {
      const runs: Shown[] = [];
      for (let run = 0; run < RUNS; run++) runs.push(await showWorklist(browser, service.baseUrl, collectorId, rows));
      const of = (key: keyof Shown) => median(runs.map((shown) => shown[key]));
      console.log(
        `| ${rows.toLocaleString('en-US')} rows | ${Math.round(of('shownMs'))} ms | ${of('rowsInDocument')} | ${of('frameP50').toFixed(1)} ms | ${of('frameP95').toFixed(1)} ms | ${of('frameMax').toFixed(1)} ms |`,
      );
    }
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
