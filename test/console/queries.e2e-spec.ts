import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/**
 * The analysts' query page: a question of their own over a read model, as a person asks it — the
 * read model picked, the filter or pipeline typed as JSON, the rows in a table, the CSV downloaded,
 * the question saved by name and asked again; a refused question says why next to the field.
 * The harness's today is 2024-06-30.
 */
describeInBrowser('the console: ad-hoc questions', () => {
  let rig: ConsoleRig;

  const openAs = async (role: 'analyst' | 'collector'): Promise<Page> => {
    const page = await rig.open('/app/');
    page.setDefaultTimeout(8_000);
    await signIn(page, keyOf(role));
    return page;
  };
  const openQueries = async (page: Page) => {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Queries' }).click();
    await page.getByRole('heading', { name: 'Ask the read models', level: 1 }).waitFor();
  };
  /** The rows table's cells, row by row, under its header. */
  const rowsOf = async (page: Page): Promise<string[][]> => {
    const table = page.getByRole('table', { name: /rows? from/ });
    await table.waitFor();
    const header = await table.getByRole('columnheader').allTextContents();
    const rows = await table.getByRole('row').all();
    const cells = await Promise.all(rows.slice(1).map((row) => row.getByRole('cell').allTextContents()));
    return [header, ...cells];
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const [customerId, amount, currency] of [
      ['QC-1', 120_000, 'EUR'],
      ['QC-2', 990_000, 'EUR'],
      ['QC-3', 42_000, 'USD'],
    ] as const) {
      await rig.api
        .as('integration')
        .post(`/customers/${customerId}/invoices`, {
          invoiceId: `${customerId}-INV`,
          amount,
          currency,
          issuedOn: '2024-04-01',
          dueOn: '2024-05-01',
        })
        .expect(201);
    }
    await rig.api.projected();
  });
  afterAll(() => rig?.close());

  it('given three invoices, when an analyst asks for the open EUR ones, largest first, then the table shows them and the CSV has them', async () => {
    const page = await openAs('analyst');
    await openQueries(page);
    await page.getByLabel('Filter (JSON)').fill('{ "currency": "EUR" }');
    await page.getByLabel('Sort (JSON, optional)').fill('{ "balance": -1 }');
    await page.getByLabel('Fields (JSON projection, optional)').fill('{ "_id": 0, "customerId": 1, "balance": 1 }');
    await page.getByRole('button', { name: 'Run', exact: true }).click();

    await page.getByRole('heading', { name: '2 rows from invoices' }).waitFor();
    const [header, ...rows] = await rowsOf(page);
    const byColumn = rows.map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]])));
    expect(byColumn).toEqual([
      { customerId: 'QC-2', balance: '990000' },
      { customerId: 'QC-1', balance: '120000' },
    ]);
    expect(await seriousViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('invoices.csv');
    const [csvHeader, ...records] = parse(readFileSync((await download.path())!, 'utf8')) as string[][];
    expect(records.map((record) => Object.fromEntries(csvHeader.map((column, i) => [column, record[i]])))).toEqual([
      { customerId: 'QC-2', balance: '990000' },
      { customerId: 'QC-1', balance: '120000' },
    ]);
  });

  it('when an analyst writes a pipeline, saves it by name and runs it again after reloading, then it answers the same', async () => {
    const page = await openAs('analyst');
    await openQueries(page);
    await page.getByRole('radio', { name: 'Pipeline' }).check();
    await page
      .getByLabel('Pipeline (JSON)')
      .fill('[{ "$group": { "_id": "$currency", "open": { "$sum": "$balance" } } }, { "$sort": { "_id": 1 } }]');
    await page.getByLabel('Name of the question').fill('Open per currency');
    await page.getByRole('button', { name: 'Save the question' }).click();
    await page.getByRole('heading', { name: 'Saved questions' }).waitFor();

    await page.reload();
    await openQueries(page);
    await page.getByRole('button', { name: 'Run Open per currency' }).click();
    await page.getByRole('heading', { name: '2 rows from invoices' }).waitFor();
    expect(await rowsOf(page)).toEqual([
      ['_id', 'open'],
      ['EUR', '1110000'],
      ['USD', '42000'],
    ]);
  });

  it('given a pipeline that would write, then the refusal shows next to the pipeline, naming the stage', async () => {
    const page = await openAs('analyst');
    await openQueries(page);
    await page.getByRole('radio', { name: 'Pipeline' }).check();
    await page.getByLabel('Pipeline (JSON)').fill('[{ "$match": {} }, { "$out": "copy" }]');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const pipeline = page.getByLabel('Pipeline (JSON)');
    await page.getByText(/at \/1\/\$out: \$out is not allowed/).waitFor();
    expect(await pipeline.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').count()).toBe(0);

    // Not JSON at all: the page says so before asking the service.
    await pipeline.fill('[{ "$match": ');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/^Not JSON/).waitFor();
    expect(await pipeline.getAttribute('aria-invalid')).toBe('true');
  });

  it('given a collector, then the navigation offers no query page', async () => {
    const page = await openAs('collector');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Worklist' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Queries' }).count()).toBe(0);
  });
});
