import { ConsoleRig, describeInBrowser, seriousViolations, startConsoleRig } from './browser';
import { openCustomerAs, openForm, seedOverdueAccount } from './customer-steps';

/** A collector's arrangements through the console's forms: a payment plan that must add up, a dispute and its resolution. */
describeInBrowser('the console: payment plans and disputes', () => {
  let rig: ConsoleRig;

  const lastEvents = async (customerId: string, count: number) => {
    const { body } = await rig.api.as('auditor').get(`/customers/${customerId}/history`).expect(200);
    return body.events.slice(-count) as { type: string; data: Record<string, unknown> }[];
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const customerId of ['C-PLAN', 'C-DISPUTE']) await seedOverdueAccount(rig.api, customerId);
  }, 30_000);
  afterAll(() => rig?.close());

  it('given €1,000.00 open, when the installments do not add up, then the form refuses them, and once they do the plan is agreed', async () => {
    const page = await openCustomerAs(rig, 'collector', 'C-PLAN');
    const plan = await openForm(page, 'Agree a payment plan');
    await plan.getByRole('checkbox', { name: 'C-PLAN-INV' }).check();
    await plan.getByLabel('Installment 1 due on').fill('2024-07-31');
    await plan.getByLabel('Installment 1 amount').fill('400.00');

    await plan.getByText('Scheduled €400.00 of €1,000.00 open').waitFor();
    await plan.getByRole('button', { name: 'Save plan' }).click();
    await plan.getByText('The installments add up to €400.00; the invoices have €1,000.00 open').waitFor();

    await plan.getByRole('button', { name: 'Add an installment' }).click();
    await plan.getByLabel('Installment 2 due on').fill('1800-08-31');
    await plan.getByLabel('Installment 2 amount').fill('600.00');
    await plan.getByText('Scheduled €1,000.00 of €1,000.00 open').waitFor();
    await plan.getByLabel('Interest rate (%)').fill('1.5');
    await plan.getByRole('button', { name: 'Add a guarantor' }).click();
    await plan.getByLabel('Guarantor 1', { exact: true }).fill('Jo Bloggs');
    expect(await seriousViolations(page)).toEqual([]);

    // The service refuses the second row's date (a 400 naming /installments/1/dueOn): shown on that row.
    await plan.getByRole('button', { name: 'Save plan' }).click();
    await plan.getByText(/dueOn must be a real day from 1900-01-01/).waitFor();
    expect(await plan.getByLabel('Installment 2 due on').getAttribute('aria-invalid')).toBe('true');
    expect(await plan.getByLabel('Installment 1 due on').getAttribute('aria-invalid')).not.toBe('true');

    await plan.getByLabel('Installment 2 due on').fill('2024-08-31');
    await plan.getByRole('button', { name: 'Save plan' }).click();
    await plan.waitFor({ state: 'detached' });

    const [agreed] = await lastEvents('C-PLAN', 1);
    expect(agreed).toMatchObject({
      type: 'PaymentPlanAgreed',
      data: {
        invoiceIds: ['C-PLAN-INV'],
        currency: 'EUR',
        installments: [
          { number: 1, dueOn: '2024-07-31', amount: 40_000 },
          { number: 2, dueOn: '2024-08-31', amount: 60_000 },
        ],
        interestRateBasisPoints: 150,
        guarantors: ['Jo Bloggs'],
        agreedOn: '2024-06-30',
      },
    });
  }, 60_000);

  it('given an invoice, when the collector raises a dispute and resolves it with a credit, then both are recorded', async () => {
    const page = await openCustomerAs(rig, 'collector', 'C-DISPUTE');
    expect(await page.getByRole('button', { name: 'Resolve a dispute or deduction' }).count()).toBe(0);

    const dispute = await openForm(page, 'Raise a dispute');
    await dispute.getByLabel('Amount').fill('250.00');
    await dispute.getByLabel('Category').selectOption('pricing');
    await dispute.getByLabel('Description').fill('Charged the list price, not the contract price');
    await dispute.getByRole('button', { name: 'Save dispute' }).click();
    await dispute.waitFor({ state: 'detached' });
    const [raised] = await lastEvents('C-DISPUTE', 1);
    expect(raised).toMatchObject({ type: 'DisputeRaised', data: { invoiceId: 'C-DISPUTE-INV', amount: 25_000, category: 'pricing' } });

    const resolve = await openForm(page, 'Resolve a dispute or deduction');
    await resolve.getByLabel('Resolution').selectOption('credit_issued');
    await resolve.getByLabel('Credit amount').fill('250.00');
    await resolve.getByRole('button', { name: 'Save resolution' }).click();
    await resolve.waitFor({ state: 'detached' });

    const types = (await lastEvents('C-DISPUTE', 2)).map((event) => event.type);
    expect(types.sort()).toEqual(['CreditMemoIssued', 'DisputeResolved']);
  }, 60_000);
});
