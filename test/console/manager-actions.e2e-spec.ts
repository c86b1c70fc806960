import { ConsoleRig, describeInBrowser, seriousViolations, startConsoleRig } from './browser';
import { openCustomerAs, openForm } from './customer-steps';

/** A manager's actions on an account, through the console's forms: a credit hold, a write-off and its post-mortem. */
describeInBrowser('the console: a manager’s actions', () => {
  let rig: ConsoleRig;

  const typesOf = async (customerId: string): Promise<string[]> => {
    const { body } = await rig.api.as('auditor').get(`/customers/${customerId}/history`).expect(200);
    return body.events.map((event: { type: string }) => event.type);
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    for (const customerId of ['C-HOLD', 'C-LOSS']) {
      await rig.api
        .as('integration')
        .post(`/customers/${customerId}/invoices`, {
          invoiceId: `${customerId}-INV`,
          amount: 250_000,
          currency: 'EUR',
          issuedOn: '2023-10-01',
          dueOn: '2023-11-01',
        })
        .expect(201);
    }
  }, 30_000);
  afterAll(() => rig?.close());

  it('given an account without a hold, when a manager places a credit hold through its form, then it is recorded and the page offers to lift it', async () => {
    const page = await openCustomerAs(rig, 'manager', 'C-HOLD');

    // Keyboard: the button opens the form, Escape closes it without recording anything.
    await page.getByRole('button', { name: 'Place a credit hold' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Place a credit hold' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Place a credit hold' }).waitFor({ state: 'detached' });

    const hold = await openForm(page, 'Place a credit hold');
    await hold.getByLabel('Reason').fill('Nothing paid for seven months');
    expect(await hold.getByLabel('Placed on').inputValue()).toBe('2024-06-30');
    expect(await seriousViolations(page)).toEqual([]);
    await hold.getByRole('button', { name: 'Place the hold' }).click();
    await hold.waitFor({ state: 'detached' });

    const { body } = await rig.api.as('auditor').get('/customers/C-HOLD/state').expect(200);
    expect(body.creditHold).toMatchObject({ placedOn: '2024-06-30', reason: 'Nothing paid for seven months' });
    await page.getByText('On credit hold since 2024-06-30').waitFor();
    expect(await page.getByRole('button', { name: 'Lift the credit hold' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Place a credit hold' }).count()).toBe(0);
  }, 60_000);

  it('given an account on hold, when the manager lifts it without a reason, then the refusal is next to the field and nothing is recorded', async () => {
    await rig.api.as('manager').post('/customers/C-LOSS/credit-hold', { reason: 'first', placedOn: '2024-06-01' }).expect(201);
    const page = await openCustomerAs(rig, 'manager', 'C-LOSS');
    const lift = await openForm(page, 'Lift the credit hold');

    // An empty reason is refused by the service next to its field.
    await lift.getByRole('button', { name: 'Lift the hold' }).click();
    await lift.getByText(/reason should not be empty/).waitFor();
    expect(await lift.getByLabel('Reason').getAttribute('aria-invalid')).toBe('true');
    expect(await typesOf('C-LOSS')).not.toContain('CreditHoldLifted');
  });

  it('given an overdue invoice, when a manager writes it off and records the post-mortem through the forms, then both are recorded', async () => {
    const page = await openCustomerAs(rig, 'manager', 'C-LOSS');
    expect(await page.getByRole('button', { name: 'Record a post-mortem' }).count()).toBe(0);

    const writeOff = await openForm(page, 'Write off');
    await writeOff.getByRole('checkbox', { name: 'C-LOSS-INV' }).check();
    await writeOff.getByLabel('Reason').fill('Customer insolvent');
    await writeOff.getByRole('button', { name: 'Write off' }).click();
    await writeOff.waitFor({ state: 'detached' });
    const { body } = await rig.api.as('auditor').get('/customers/C-LOSS/history').expect(200);
    expect(body.events.at(-1)).toMatchObject({
      type: 'WrittenOff',
      data: {
        invoices: [{ invoiceId: 'C-LOSS-INV', amount: 250_000, currency: 'EUR' }],
        reason: 'Customer insolvent',
        writtenOffOn: '2024-06-30',
      },
    });

    const postMortem = await openForm(page, 'Record a post-mortem');
    await postMortem.getByLabel('Root cause').selectOption('customer_insolvency');
    await postMortem.getByLabel('Summary').fill('Insolvent after losing its main client');
    await postMortem.getByRole('button', { name: 'Add an action item' }).click();
    await postMortem.getByLabel('Action 1', { exact: true }).fill('Check credit insurance at onboarding');
    await postMortem.getByLabel('Action 1 owner').fill('credit-team');
    await postMortem.getByLabel('Action 1 due on').fill('2024-09-30');
    await postMortem.getByRole('button', { name: 'Save post-mortem' }).click();
    await postMortem.waitFor({ state: 'detached' });

    const { body: after } = await rig.api.as('auditor').get('/customers/C-LOSS/history').expect(200);
    expect(after.events.at(-1)).toMatchObject({
      type: 'PostMortemRecorded',
      data: {
        rootCause: 'customer_insolvency',
        actionItems: [{ description: 'Check credit insurance at onboarding', owner: 'credit-team', dueOn: '2024-09-30' }],
      },
    });
  }, 60_000);
});
