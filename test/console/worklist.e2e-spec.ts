import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/** The worklist page, as collectors and managers use it, next to what the API answers. */
describeInBrowser('the console: worklists', () => {
  let rig: ConsoleRig;
  const invoice = (invoiceId: string, amount: number, dueOn: string) => ({
    invoiceId,
    amount,
    currency: 'EUR',
    issuedOn: '2024-01-10',
    dueOn,
  });

  const openWorklist = async (page: Page, role: 'collector' | 'manager') => {
    await signIn(page, keyOf(role));
    await page.getByRole('link', { name: 'Worklist' }).click();
  };
  /** The customer column of the table, top to bottom. */
  const customersShown = async (page: Page) => {
    const rows = page.getByRole('region', { name: 'Worklist items' }).getByRole('row');
    await rows.nth(1).waitFor();
    return (await rows.all()).slice(1).map(async (row) => (await row.getByRole('cell').first().textContent()) ?? '');
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    const integration = rig.api.as('integration');
    const manager = rig.api.as('manager');
    for (const [customerId, amount, dueOn, collectorId] of [
      ['W-SMALL', 10_000, '2024-05-01', 'collector-1'],
      ['W-LARGE', 900_000, '2024-02-01', 'collector-1'],
      ['W-MIDDLE', 250_000, '2024-04-01', 'collector-1'],
      ['W-OTHER', 50_000, '2024-03-01', 'collector-2'],
    ] as const) {
      await integration.post(`/customers/${customerId}/invoices`, invoice(`${customerId}-1`, amount, dueOn)).expect(201);
      await manager.post(`/customers/${customerId}/assignment`, { collectorId, assignedOn: '2024-01-15' }).expect(201);
    }
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given three overdue accounts of collector-1, when collector-1 opens the worklist, then they are listed in the order the API gives, with their balances, and nobody else’s', async () => {
    const page = await rig.open();
    await openWorklist(page, 'collector');

    const shown = await Promise.all(await customersShown(page));
    const { body } = await rig.api.as('collector').get('/worklists/collector-1').expect(200);
    expect(shown).toEqual(body.items.map((item: { customerId: string }) => item.customerId));
    expect(shown).toHaveLength(3);
    expect(await page.getByRole('cell', { name: '€9,000.00' }).isVisible()).toBe(true);
    // A collector reads only their own list: there is no collector to choose.
    expect(await page.getByLabel('Collector').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("given a manager, when they name collector-2, then collector-2's list is shown", async () => {
    const page = await rig.open();
    await openWorklist(page, 'manager');

    await page.getByLabel('Collector').fill('collector-2');
    await page.getByLabel('Collector').press('Enter');

    await page.getByRole('heading', { name: 'Worklist of collector-2' }).waitFor();
    expect(await Promise.all(await customersShown(page))).toEqual(['W-OTHER']);
    expect(new URL(page.url()).searchParams.get('collector')).toBe('collector-2');
  });
});
