import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/** Issue 14, part 2: a manager assigns several unassigned customers to a collector at once. */
describeInBrowser('the console: assigning customers', () => {
  let rig: ConsoleRig;

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const [customerId, amount] of [
      ['U-1', 30_000],
      ['U-2', 20_000],
      ['U-3', 10_000],
    ] as const) {
      await rig.api
        .as('integration')
        .post(`/customers/${customerId}/invoices`, {
          invoiceId: 'INV-1',
          amount,
          currency: 'EUR',
          issuedOn: '2024-01-10',
          dueOn: '2024-02-09',
        })
        .expect(201);
    }
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it("given three unassigned customers, when a manager ticks two and assigns them to collector-2, then they leave the unassigned queue and are in collector-2's worklist", async () => {
    const page = await rig.open('/app/worklist?collector=unassigned');
    await signIn(page, keyOf('manager'));
    const queue = page.getByRole('region', { name: 'Worklist items' });
    await queue.getByRole('row', { name: /U-3/ }).waitFor();

    await page.getByRole('checkbox', { name: 'Select U-1' }).check();
    await page.getByRole('checkbox', { name: 'Select U-2' }).check();
    await page.getByLabel('Assign to').fill('collector-2');
    await page.getByRole('button', { name: 'Assign' }).click();

    await page.getByRole('status').filter({ hasText: 'Assigned U-1, U-2 to collector-2' }).waitFor();
    // The list is live: each row leaves when the read models have that customer's assignment.
    await queue.getByRole('row', { name: /U-1/ }).waitFor({ state: 'detached' });
    await queue.getByRole('row', { name: /U-2/ }).waitFor({ state: 'detached' });
    expect(await queue.getByRole('row', { name: /U-3/ }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    const { body } = await rig.api.as('manager').get('/worklists/collector-2').expect(200);
    expect(body.items.map((item: { customerId: string }) => item.customerId).sort()).toEqual(['U-1', 'U-2']);

    await page.getByLabel('Collector', { exact: true }).fill('collector-2');
    await page.getByLabel('Collector', { exact: true }).press('Enter');
    await page.getByRole('heading', { name: 'Worklist of collector-2' }).waitFor();
    await queue.getByRole('row', { name: /U-2/ }).waitFor();
    expect(await queue.getByRole('row').count()).toBe(3);
  });

  it('given a manager, when Select all is ticked, then every row of the list is selected; and a refused assignment names its customer', async () => {
    const page = await rig.open('/app/worklist?collector=unassigned');
    await signIn(page, keyOf('manager'));
    await page.getByRole('checkbox', { name: 'Select U-3' }).waitFor();

    await page.getByRole('checkbox', { name: 'Select all' }).check();
    expect(await page.getByRole('checkbox', { name: 'Select U-3' }).isChecked()).toBe(true);
    await page.getByLabel('Assign to').fill('not a valid id!');
    await page.getByRole('button', { name: 'Assign' }).click();

    const refusal = page.getByRole('alert').filter({ hasText: 'Some customers were not assigned' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('U-3:');
  });
});
