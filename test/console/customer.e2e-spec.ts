import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/** The customer page as an auditor uses it: the timeline, and the account as of a past day. */
describeInBrowser('the console: a customer', () => {
  let rig: ConsoleRig;

  const openAs = async (role: 'auditor' | 'collector', path: string): Promise<Page> => {
    const page = await rig.open(path);
    await signIn(page, keyOf(role));
    return page;
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    const integration = rig.api.as('integration');
    await integration
      .post('/customers/C-TL/invoices', {
        invoiceId: 'INV-1',
        amount: 100_000,
        currency: 'EUR',
        issuedOn: '2024-01-10',
        dueOn: '2024-02-09',
      })
      .expect(201);
    await rig.api.as('manager').post('/customers/C-TL/assignment', { collectorId: 'collector-1', assignedOn: '2024-01-15' }).expect(201);
    await integration
      .post('/customers/C-TL/payments', { paymentId: 'P-1', invoiceId: 'INV-1', amount: 40_000, currency: 'EUR', receivedOn: '2024-05-02' })
      .expect(201);
    await rig.api
      .as('collector')
      .post('/customers/C-TL/promises', {
        promiseId: 'PR-1',
        invoiceIds: ['INV-1'],
        amount: 60_000,
        currency: 'EUR',
        promisedFor: '2024-07-15',
        madeOn: '2024-06-20',
      })
      .expect(201);
  }, 30_000);
  afterAll(() => rig?.close());

  it('given a recorded history, when an auditor opens the customer, then the timeline has one item per event, in order, each naming its type', async () => {
    const page = await openAs('auditor', '/app/customers/C-TL');

    await page.getByRole('heading', { name: /C-TL/ }).waitFor();
    const items = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
    await items.first().waitFor();
    const { body } = await rig.api.as('auditor').get('/customers/C-TL/history').expect(200);
    const types: string[] = body.events.map((event: { type: string }) => event.type);
    expect(await items.count()).toBe(types.length);
    // The region named Timeline holds those items and no other (its filter and exports add none).
    expect(await page.getByRole('region', { name: 'Timeline' }).getByRole('listitem').count()).toBe(types.length);
    for (const [index, type] of types.entries()) expect(await items.nth(index).textContent()).toContain(type);
    expect(await items.nth(3).textContent()).toContain('Promise of €600.00 for 2024-07-15 made');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given a payment on 2024-05-02, when the state is shown as of 2024-04-30, then the balances are those GET state?asOf answers, before the payment', async () => {
    const page = await openAs('auditor', '/app/customers/C-TL');
    await page.getByLabel('State as of').waitFor();

    await page.getByLabel('State as of').fill('2024-04-30');

    await page.getByRole('heading', { name: 'Balances as of 2024-04-30' }).waitFor();
    const { body } = await rig.api.as('auditor').get('/customers/C-TL/state?asOf=2024-04-30').expect(200);
    const row = page.getByRole('table', { name: 'Balances as of 2024-04-30' }).getByRole('row').nth(1);
    expect(await row.getByRole('cell').allTextContents()).toEqual(['EUR', '€1,000.00', '€1,000.00', '€0.00']);
    expect(body.balances).toEqual([{ currency: 'EUR', open: 100_000, overdue: 100_000, disputed: 0 }]);
  });

  it('given the worklist, when a collector follows a customer, then the customer page opens', async () => {
    await rig.api.projected();
    const page = await openAs('collector', '/app/worklist');

    await page.getByRole('link', { name: 'C-TL' }).click();

    await page.getByRole('heading', { name: 'Customer C-TL' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/app/customers/C-TL');
  });
});
