import { Page } from 'playwright-core';
import { formatMoney } from '../../apps/console/src/format';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, rowOf, seriousViolations, signIn, startConsoleRig } from './browser';

const BUCKET_KEYS = ['current', '1-30', '31-60', '61-90', '90+'];
const REPORTED = '2024-04-01T00:00:00.000Z';

/**
 * The analysts' aging and KPIs "as known at" an instant: March as it was reported on 1 April,
 * beside March restated after a payment posted on 3 April for 28 March.
 */
describeInBrowser('the console: figures as known at an instant', () => {
  let rig: ConsoleRig;

  const openAs = async (path: string): Promise<Page> => {
    const page = await rig.open(path);
    await signIn(page, keyOf('analyst'));
    return page;
  };
  const money = (amount: number) => formatMoney(amount, 'EUR', 'en-US').replace(/\u00a0/g, ' ');
  const agingCells = (report: { buckets: Record<string, number>; total: number; disputed: number }) => [
    ...BUCKET_KEYS.map((key) => money(report.buckets[key])),
    money(report.total),
    money(report.disputed),
  ];

  beforeAll(async () => {
    rig = await startConsoleRig();
    const integration = rig.api.as('integration');
    // Each command is recorded at the instant the clock says.
    rig.api.clock.set('2024-02-01T10:00:00.000Z');
    await integration
      .post('/customers/KA/invoices', { invoiceId: 'KA-1', amount: 10_000, currency: 'EUR', issuedOn: '2024-02-01', dueOn: '2024-03-02' })
      .expect(201);
    rig.api.clock.set('2024-03-20T10:00:00.000Z');
    await integration
      .post('/customers/KA/payments', { paymentId: 'P-1', invoiceId: 'KA-1', amount: 2_000, currency: 'EUR', receivedOn: '2024-03-20' })
      .expect(201);
    // Posted on 3 April, back-dated to 28 March: after March was reported.
    rig.api.clock.set('2024-04-03T09:00:00.000Z');
    await integration
      .post('/customers/KA/payments', { paymentId: 'P-2', invoiceId: 'KA-1', amount: 3_000, currency: 'EUR', receivedOn: '2024-03-28' })
      .expect(201);
    rig.api.clock.set('2024-06-30T12:00:00.000Z');
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given a payment posted after month-end for March, when an analyst sets As known at to 1 April 00:00 on the March aging, then the figures as reported then are shown beside the restated ones', async () => {
    const page = await openAs('/app/aging?currency=EUR&asOf=2024-03-31');
    await page.getByRole('heading', { name: 'Aging as of 2024-03-31' }).waitFor();

    await page.getByLabel('As known at (UTC)').fill('2024-04-01T00:00');

    const table = 'Aging as of 2024-03-31';
    const reported = await rig.api.as('analyst').get(`/aging?currency=EUR&asOf=2024-03-31&knownAt=${REPORTED}`).expect(200);
    const restated = await rig.api.as('analyst').get('/aging?currency=EUR&asOf=2024-03-31').expect(200);
    expect(reported.body.total).toBe(8_000);
    expect(restated.body.total).toBe(5_000);
    expect(await rowOf(page, table, 'EUR as known at 2024-04-01 00:00 UTC')).toEqual([
      'EUR as known at 2024-04-01 00:00 UTC',
      ...agingCells(reported.body),
    ]);
    expect(await rowOf(page, table, 'EUR restated')).toEqual(['EUR restated', ...agingCells(restated.body)]);
    expect(new URL(page.url()).searchParams.get('knownAt')).toBe(REPORTED);
    const customers = page.getByRole('table', { name: 'Customers in EUR, largest first, as known at 2024-04-01 00:00 UTC' });
    expect((await rowOf(page, 'Customers in EUR, largest first, as known at 2024-04-01 00:00 UTC', 'KA')).at(-2)).toBe(money(8_000));
    expect(await customers.isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given the same payment, when an analyst reads the March KPIs as known at 1 April 00:00, then each measure shows the figure as known then beside the restated one', async () => {
    const page = await openAs('/app/kpis?from=2024-03-01&to=2024-03-31&currency=EUR');
    await page.getByRole('heading', { name: 'KPIs from 2024-03-01 to 2024-03-31 in EUR', exact: true }).waitFor();

    await page.getByLabel('As known at (UTC)').fill('2024-04-01T00:00');

    const table = 'KPIs from 2024-03-01 to 2024-03-31 in EUR as known at 2024-04-01 00:00 UTC';
    await page.getByRole('heading', { name: table }).waitFor();
    const headers = await page.getByRole('table', { name: table }).getByRole('columnheader').allTextContents();
    expect(headers).toEqual(['Measure', 'As known at 2024-04-01 00:00 UTC', 'Restated', 'What it is']);
    const reported = await rig.api.as('analyst').get(`/kpis?from=2024-03-01&to=2024-03-31&currency=EUR&knownAt=${REPORTED}`).expect(200);
    const restated = await rig.api.as('analyst').get('/kpis?from=2024-03-01&to=2024-03-31&currency=EUR').expect(200);
    expect([reported.body.collected, restated.body.collected]).toEqual([2_000, 5_000]);
    expect((await rowOf(page, table, 'Collected')).slice(0, 3)).toEqual(['Collected', money(2_000), money(5_000)]);
    expect((await rowOf(page, table, 'Ending AR')).slice(0, 3)).toEqual(['Ending AR', money(8_000), money(5_000)]);
    expect(new URL(page.url()).searchParams.get('knownAt')).toBe(REPORTED);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given figures as known at an instant, when the analyst clears As known at, then only the figures as now are shown', async () => {
    const page = await openAs(`/app/aging?currency=EUR&asOf=2024-03-31&knownAt=${REPORTED}`);
    await rowOf(page, 'Aging as of 2024-03-31', 'EUR restated');

    await page.getByLabel('As known at (UTC)').fill('');

    await rowOf(page, 'Aging as of 2024-03-31', 'EUR');
    expect(await page.getByText('EUR restated').count()).toBe(0);
    expect(new URL(page.url()).searchParams.get('knownAt')).toBeNull();
  });
});
