import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/** Issue 14, part 7: what another person records shows within 2 s on an open page, without a reload. */
describeInBrowser('the console: live pages', () => {
  let rig: ConsoleRig;
  /** The bound: a page shows what was just recorded within 2 s. */
  const WITHIN = 2_000;

  const openAs = async (role: 'collector' | 'manager', path: string): Promise<Page> => {
    const page = await rig.open(path);
    await signIn(page, keyOf(role));
    return page;
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    await rig.api
      .as('integration')
      .post('/customers/C-LIVE/invoices', {
        invoiceId: 'INV-1',
        amount: 50_000,
        currency: 'EUR',
        issuedOn: '2024-01-10',
        dueOn: '2024-02-09',
      })
      .expect(201);
    await rig.api.as('manager').post('/customers/C-LIVE/assignment', { collectorId: 'collector-1', assignedOn: '2024-01-15' }).expect(201);
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given the customer page open, when a manager records a credit hold through the api, then its event and the hold show within 2 s', async () => {
    const page = await openAs('collector', '/app/customers/C-LIVE');
    const items = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
    await items.nth(1).waitFor();
    expect(await items.count()).toBe(2);

    await rig.api.as('manager').post('/customers/C-LIVE/credit-hold', { reason: 'Unpaid for months', placedOn: '2024-06-30' }).expect(201);

    await items.nth(2).filter({ hasText: 'CreditHoldPlaced' }).waitFor({ timeout: WITHIN });
    await page.getByText('On credit hold since 2024-06-30').waitFor({ timeout: WITHIN });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("given collector-1's worklist open, when a payment settles an account through the api, then its row leaves the list within 2 s", async () => {
    const page = await openAs('collector', '/app/worklist');
    const row = page.getByRole('region', { name: 'Worklist items' }).getByRole('row', { name: /C-LIVE/ });
    await row.waitFor();

    await rig.api
      .as('integration')
      .post('/customers/C-LIVE/payments', {
        paymentId: 'PAY-1',
        invoiceId: 'INV-1',
        amount: 50_000,
        currency: 'EUR',
        receivedOn: '2024-06-30',
      })
      .expect(201);

    await page.getByText('Nothing to work on as of 2024-06-30.').waitFor({ timeout: WITHIN });
    expect(await row.count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
