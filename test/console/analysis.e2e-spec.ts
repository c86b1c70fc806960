import { Page } from 'playwright-core';
import { formatDays, formatPercent } from '../../apps/console/src/analysis/figures';
import { formatMoney } from '../../apps/console/src/format';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, rowOf, seriousViolations, signIn, startConsoleRig } from './browser';

const BUCKET_HEADERS = ['Current', '1-30', '31-60', '61-90', '90+'];
const BUCKET_KEYS = ['current', '1-30', '31-60', '61-90', '90+'];

/** The analysts' views (aging, KPIs, dispute causes, post-mortems) next to what the API answers. */
describeInBrowser('the console: analysis', () => {
  let rig: ConsoleRig;

  const openAs = async (role: 'analyst' | 'manager', path: string): Promise<Page> => {
    const page = await rig.open(path);
    await signIn(page, keyOf(role));
    return page;
  };
  /** The row a table should show for the API's aging of one currency. */
  const agingRow = (report: { currency: string; buckets: Record<string, number>; total: number; disputed: number }) =>
    [
      report.currency,
      ...BUCKET_KEYS.map((key) => formatMoney(report.buckets[key], report.currency, 'en-US')),
      formatMoney(report.total, report.currency, 'en-US'),
      formatMoney(report.disputed, report.currency, 'en-US'),
    ].map((text) => text.replace(/\u00a0/g, ' '));

  beforeAll(async () => {
    rig = await startConsoleRig();
    const integration = rig.api.as('integration');
    // Today is 2024-06-30: one invoice in each bucket, and a USD one.
    for (const [customerId, amount, currency, issuedOn, dueOn] of [
      ['A-CURRENT', 120_000, 'EUR', '2024-06-15', '2024-07-15'],
      ['A-TEN', 34_567, 'EUR', '2024-05-20', '2024-06-20'],
      ['A-FORTY', 250_000, 'EUR', '2024-04-20', '2024-05-20'],
      ['A-SEVENTY', 80_001, 'EUR', '2024-03-20', '2024-04-21'],
      ['A-OLD', 999_999, 'EUR', '2024-01-10', '2024-02-09'],
      ['A-DOLLARS', 42_000, 'USD', '2024-04-01', '2024-05-01'],
    ] as const) {
      await integration
        .post(`/customers/${customerId}/invoices`, { invoiceId: `${customerId}-1`, amount, currency, issuedOn, dueOn })
        .expect(201);
    }
    await integration
      .post('/customers/A-OLD/payments', {
        paymentId: 'PAY-1',
        invoiceId: 'A-OLD-1',
        amount: 100_000,
        currency: 'EUR',
        receivedOn: '2024-06-01',
      })
      .expect(201);
    const manager = rig.api.as('manager');
    await manager
      .post('/customers/A-FORTY/disputes', {
        disputeId: 'D-1',
        invoiceId: 'A-FORTY-1',
        amount: 50_000,
        currency: 'EUR',
        category: 'pricing',
        raisedOn: '2024-06-05',
      })
      .expect(201);
    await integration
      .post('/customers/A-GONE/invoices', {
        invoiceId: 'A-GONE-1',
        amount: 70_000,
        currency: 'EUR',
        issuedOn: '2023-10-01',
        dueOn: '2023-11-01',
      })
      .expect(201);
    await manager
      .post('/customers/A-GONE/write-offs', {
        writeOffId: 'WO-1',
        invoiceIds: ['A-GONE-1'],
        reason: 'Insolvent',
        writtenOffOn: '2024-06-20',
      })
      .expect(201);
    await manager
      .post('/customers/A-GONE/post-mortems', {
        postMortemId: 'PM-1',
        rootCause: 'customer_insolvency',
        summary: 'Went bankrupt before the first reminder',
        actionItems: [{ description: 'Check credit reports quarterly', owner: 'credit-team', dueOn: '2024-09-30' }],
        recordedOn: '2024-06-25',
      })
      .expect(201);
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given invoices in every bucket, when an analyst opens Aging, then each currency’s row is the one GET /aging answers for today', async () => {
    const page = await openAs('analyst', '/app/');

    await page.getByRole('link', { name: 'Aging' }).click();

    await page.getByRole('heading', { name: 'Aging as of 2024-06-30' }).waitFor();
    const headers = await page.getByRole('table', { name: 'Aging as of 2024-06-30' }).getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Currency', ...BUCKET_HEADERS, 'Total', 'Disputed']);
    for (const currency of ['EUR', 'USD']) {
      const { body } = await rig.api.as('analyst').get(`/aging?currency=${currency}`).expect(200);
      expect(await rowOf(page, 'Aging as of 2024-06-30', currency)).toEqual(agingRow(body));
    }
    expect(await page.getByRole('img', { name: /Aging as of 2024-06-30/ }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given the aging today, when the analyst sets As of to 2024-04-30, then the row is GET /aging?asOf=2024-04-30, which differs, and the day is in the URL', async () => {
    const page = await openAs('analyst', '/app/aging?currency=EUR');
    await page.getByRole('heading', { name: 'Aging as of 2024-06-30' }).waitFor();
    const today = await rowOf(page, 'Aging as of 2024-06-30', 'EUR');

    await page.getByLabel('As of', { exact: true }).fill('2024-04-30');

    await page.getByRole('heading', { name: 'Aging as of 2024-04-30' }).waitFor();
    const { body } = await rig.api.as('analyst').get('/aging?currency=EUR&asOf=2024-04-30').expect(200);
    const then = await rowOf(page, 'Aging as of 2024-04-30', 'EUR');
    expect(then).toEqual(agingRow(body));
    expect(then).not.toEqual(today);
    expect(new URL(page.url()).searchParams.get('asOf')).toBe('2024-04-30');
  });

  it('given one currency chosen, when the analyst reads its customers, then they come largest first as GET /aging?groupBy=customer gives them, each linked to its account', async () => {
    const page = await openAs('analyst', '/app/aging?currency=EUR');

    const customers = page.getByRole('table', { name: 'Customers in EUR, largest first' });
    await customers.getByRole('row').nth(1).waitFor();

    const { body } = await rig.api.as('analyst').get('/aging?currency=EUR&groupBy=customer').expect(200);
    const shown = await customers.getByRole('link').allTextContents();
    expect(shown).toEqual(body.customers.map((customer: { customerId: string }) => customer.customerId));
    await customers.getByRole('link', { name: 'A-OLD' }).click();
    await page.getByRole('heading', { name: 'Customer A-OLD' }).waitFor();
  });
  it('given a quarter’s invoices and payments, when an analyst opens KPIs, then the last three months are shown and every figure is the one GET /kpis answers', async () => {
    const page = await openAs('analyst', '/app/');

    await page.getByRole('link', { name: 'KPIs' }).click();

    const table = 'KPIs from 2024-04-01 to 2024-06-30 in EUR';
    await page.getByRole('heading', { name: table }).waitFor();
    const { body } = await rig.api.as('analyst').get('/kpis?from=2024-04-01&to=2024-06-30&currency=EUR').expect(200);
    const valueOf = async (measure: string) => (await rowOf(page, table, measure))[1];
    expect(await valueOf('DSO')).toBe(formatDays(body.dso));
    expect(body.dso).not.toBeNull();
    expect(await valueOf('Count-back DSO')).toBe(formatDays(body.countBackDso));
    expect(await valueOf('Best possible DSO')).toBe(formatDays(body.bestPossibleDso));
    expect(await valueOf('Average days delinquent')).toBe(formatDays(body.averageDaysDelinquent));
    expect(await valueOf('CEI')).toBe(formatPercent(body.cei));
    expect(await valueOf('Promise-kept rate')).toBe(formatPercent(body.promiseKeptRate));
    expect(await valueOf('Collected')).toBe(formatMoney(body.collected, 'EUR', 'en-US'));
    expect(body.collected).toBe(100_000);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given a period of three months, when the trend is shown, then each month’s row is GET /kpis for that month', async () => {
    const page = await openAs('analyst', '/app/kpis?from=2024-04-01&to=2024-06-30&currency=EUR');

    await page.getByRole('img', { name: /by month/ }).waitFor();
    const months = await page.getByRole('table', { name: 'Trend by month' }).getByRole('rowheader').allTextContents();
    expect(months).toEqual(['2024-04', '2024-05', '2024-06']);
    for (const [month, from, to] of [
      ['2024-04', '2024-04-01', '2024-04-30'],
      ['2024-06', '2024-06-01', '2024-06-30'],
    ]) {
      const { body } = await rig.api.as('analyst').get(`/kpis?from=${from}&to=${to}&currency=EUR`).expect(200);
      expect((await rowOf(page, 'Trend by month', month)).slice(1, 3)).toEqual([formatDays(body.dso), formatDays(body.countBackDso)]);
    }
  });
  it('given a pricing dispute in June, when an analyst reads the dispute causes by month, then June’s pricing cell is the API’s amount and count', async () => {
    const page = await openAs('analyst', '/app/');

    await page.getByRole('link', { name: 'Dispute causes' }).click();

    const table = /^Disputed in EUR from 2023-07-01 to 2024-06-30, by month/;
    await page.getByRole('heading', { name: table }).waitFor();
    const { body } = await rig.api.as('analyst').get('/reports/dispute-causes?from=2023-07-01&to=2024-06-30&currency=EUR').expect(200);
    const june = body.periods.find((period: { period: string }) => period.period === '2024-06').categories.pricing;
    expect(june).toEqual({ amount: 50_000, count: 1 });
    const headers = await page.getByRole('table', { name: table }).getByRole('columnheader').allTextContents();
    const row = await rowOf(page, 'Disputed in EUR from 2023-07-01 to 2024-06-30, by month', '2024-06');
    expect(row[headers.indexOf('pricing')]).toBe('€500.00 (1)');
    expect(await page.getByRole('img', { name: table }).isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given a written-off account with a post-mortem, when an analyst opens it from the list, then its path, root cause and action items are shown', async () => {
    const page = await openAs('analyst', '/app/post-mortems');

    await page.getByRole('button', { name: 'Post-mortem of A-GONE' }).click();

    await page.getByRole('heading', { name: 'Post-mortem of A-GONE' }).waitFor();
    const { body } = await rig.api.as('analyst').get('/post-mortems/A-GONE').expect(200);
    expect(await rowOf(page, 'Path taken', 'Write-off')).toEqual(['Write-off', `day ${body.daysToWriteOff}`]);
    expect(await page.getByText('customer insolvency, recorded 2024-06-25').isVisible()).toBe(true);
    const items = await page.getByRole('list', { name: 'Action items of PM-1' }).getByRole('listitem').allTextContents();
    expect(items).toEqual(['Check credit reports quarterly — credit-team, due 2024-09-30']);
    expect(new URL(page.url()).searchParams.get('customer')).toBe('A-GONE');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
