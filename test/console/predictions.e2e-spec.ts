import { addDays } from '@collections/domain';
import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';
import { openCustomerAs } from './customer-steps';

/**
 * Predicted payment days as people see them: on a customer's open invoices (the day, the range,
 * and why on demand), as "likely late" on the collector's worklist, and the treasury's Cash
 * forecast page with its chart and its weeks. The harness's today is 2024-06-30.
 */
describeInBrowser('the console: predicted payments and the cash forecast', () => {
  let rig: ConsoleRig;

  const openAs = async (role: 'analyst' | 'manager' | 'collector', path: string): Promise<Page> => {
    const page = await rig.open(path);
    page.setDefaultTimeout(8_000);
    await signIn(page, keyOf(role));
    return page;
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    const integration = rig.api.as('integration');
    // P-LATE paid each of four invoices 40 days after its due date, and owes one more, overdue since 05-31.
    for (const n of [0, 1, 2, 3]) {
      const issuedOn = addDays('2023-09-01', 45 * n);
      await integration
        .post('/customers/P-LATE/invoices', {
          invoiceId: `OLD-${n}`,
          amount: 10_000,
          currency: 'EUR',
          issuedOn,
          dueOn: addDays(issuedOn, 30),
        })
        .expect(201);
      await integration
        .post('/customers/P-LATE/payments', {
          paymentId: `PAY-${n}`,
          invoiceId: `OLD-${n}`,
          amount: 10_000,
          currency: 'EUR',
          receivedOn: addDays(issuedOn, 70),
        })
        .expect(201);
    }
    await integration
      .post('/customers/P-LATE/invoices', {
        invoiceId: 'INV-OPEN',
        amount: 50_000,
        currency: 'EUR',
        issuedOn: '2024-05-01',
        dueOn: '2024-05-31',
      })
      .expect(201);
    await rig.api.as('manager').post('/customers/P-LATE/assignment', { collectorId: 'collector-1', assignedOn: '2024-05-01' }).expect(201);
    await rig.api.projected();
  });
  afterAll(() => rig?.close());

  it("given a customer who pays late, then its page shows the open invoice's predicted payment, its range, and why on demand", async () => {
    const { body: state } = await rig.api.as('collector').get('/customers/P-LATE/state').expect(200);
    const predicted = state.invoices.find((invoice: { invoiceId: string }) => invoice.invoiceId === 'INV-OPEN');
    const page = await openCustomerAs(rig, 'collector', 'P-LATE');

    const invoices = page.getByRole('table', { name: 'Open invoices' });
    await invoices.getByRole('columnheader', { name: 'Predicted payment' }).waitFor();
    const row = invoices.getByRole('row').filter({ hasText: 'INV-OPEN' });
    await row.getByText(predicted.predictedPaymentOn).waitFor();
    await page.getByRole('button', { name: 'Why INV-OPEN is predicted to be paid then' }).click();
    const drivers = page.getByRole('list', { name: 'What drove the prediction of INV-OPEN' });
    await drivers.waitFor();
    expect(await drivers.getByRole('listitem').allTextContents()).toEqual(
      predicted.predictionDrivers.map(({ fact }: { fact: string }) => expect.stringContaining(fact)),
    );
    await page.getByText("From the customer's own payment history").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("given the late payer on the collector's list, then its row says it is likely late, and which invoice", async () => {
    const page = await openAs('collector', '/app/worklist');
    const row = page.getByRole('region', { name: 'Worklist items' }).getByRole('row').filter({ hasText: 'P-LATE' });

    await row.getByText(/^Likely late: INV-OPEN predicted \d+ days after due$/).waitFor();
  });

  it('given an analyst, then the Cash forecast page shows its heading, the chart and the 13 weeks from Monday', async () => {
    const { body: forecast } = await rig.api.as('analyst').get('/forecasts/cash?currency=EUR').expect(200);
    const page = await openAs('analyst', '/app/');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Cash forecast' }).click();
    await page.getByRole('heading', { name: 'Cash forecast', level: 1 }).waitFor();

    const heading = 'Expected collections in EUR, 13 weeks from 2024-06-24';
    await page.getByRole('heading', { name: heading }).waitFor();
    await page.getByRole('img', { name: new RegExp(`^${heading}: expected per week`) }).waitFor();
    const weeks = page
      .getByRole('table', { name: heading })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader') });
    expect(await weeks.getByRole('rowheader').allTextContents()).toEqual(
      forecast.weeks.map((week: { weekStart: string }) => week.weekStart),
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given a collector, then there is no Cash forecast in the navigation', async () => {
    const page = await openAs('collector', '/app/');
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Worklist' }).waitFor();

    expect(await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Cash forecast' }).count()).toBe(0);
  });
});
