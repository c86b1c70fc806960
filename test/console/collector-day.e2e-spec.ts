import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';
import { openCustomerAs, openForm, seedOverdueAccount } from './customer-steps';

/** A collector's day in the console: from the worklist to a logged call and a promise, through the forms. */
describeInBrowser('the console: a collector’s day', () => {
  let rig: ConsoleRig;

  /** The worklist row of a customer, once the live worklist shows `state` (the read model lags the stream a little; the page polls every second). */
  const worklistStateOf = async (page: Page, customerId: string, state: string): Promise<string> => {
    const cell = () =>
      page
        .getByRole('row')
        .filter({ has: page.getByRole('link', { name: customerId }) })
        .getByRole('cell')
        .nth(3);
    let shown = '';
    for (let attempt = 0; attempt < 10; attempt++) {
      await cell().waitFor();
      shown = (await cell().textContent()) ?? '';
      if (shown === state) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return shown;
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    await seedOverdueAccount(rig.api, 'C-DAY');
    await seedOverdueAccount(rig.api, 'C-REFUSED');
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given an overdue invoice of collector-1, when the collector logs a call and records a promise, then the timeline shows both and the worklist says promised', async () => {
    const page = await rig.open('/app/');
    page.setDefaultTimeout(8_000);
    await signIn(page, keyOf('collector'));
    await page.getByRole('link', { name: 'Worklist' }).click();
    await page.getByRole('link', { name: 'C-DAY' }).click();
    await page.getByRole('heading', { name: 'Customer C-DAY' }).waitFor();

    const call = await openForm(page, 'Log a call');
    expect(await call.getByLabel('Contacted on').inputValue()).toBe('2024-06-30');
    await call.getByLabel('Person').fill('Ana Ruiz');
    await call.getByLabel('Outcome').selectOption('reached');
    await call.getByLabel('Reason for lateness').fill('cash flow');
    expect(await seriousViolations(page)).toEqual([]);
    await call.getByRole('button', { name: 'Save call' }).click();
    await call.waitFor({ state: 'detached' });

    const promise = await openForm(page, 'Record a promise');
    await promise.getByLabel('Amount').fill('600.00');
    await promise.getByLabel('Promised for').fill('2024-07-15');
    await promise.getByRole('checkbox', { name: 'C-DAY-INV' }).check();
    await promise.getByRole('button', { name: 'Save promise' }).click();
    await promise.waitFor({ state: 'detached' });

    const { body } = await rig.api.as('auditor').get('/customers/C-DAY/history').expect(200);
    const recorded = body.events.slice(-2);
    expect(recorded.map((event: { type: string }) => event.type)).toEqual(['ContactLogged', 'PromiseMade']);
    expect(recorded[0].data).toMatchObject({
      person: 'Ana Ruiz',
      channel: 'phone',
      outcome: 'reached',
      reasonForLateness: 'cash flow',
      contactedOn: '2024-06-30',
    });
    expect(recorded[1].data).toMatchObject({ invoiceIds: ['C-DAY-INV'], amount: 60_000, currency: 'EUR', promisedFor: '2024-07-15' });
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Promise of €600.00 for 2024-07-15 made').waitFor();
    expect(await timeline.textContent()).toContain('Call or contact with Ana Ruiz by phone: reached');
    expect(await timeline.textContent()).toContain('PromiseMade');

    await page.getByRole('link', { name: 'Worklist' }).click();
    expect(await worklistStateOf(page, 'C-DAY', 'promised')).toBe('promised');
  }, 60_000);

  it('given a promise the form or the service refuses, then each error is shown next to its field or in the form, and what was typed stays', async () => {
    const page = await openCustomerAs(rig, 'collector', 'C-REFUSED');
    const promise = await openForm(page, 'Record a promise');
    await promise.getByRole('checkbox', { name: 'C-REFUSED-INV' }).check();

    // The form's own check: a cent cannot be split.
    await promise.getByLabel('Amount').fill('1.234');
    await promise.getByRole('button', { name: 'Save promise' }).click();
    await promise.getByText('EUR has 2 decimals at most').waitFor();

    // The service's field errors (a 400 naming /amount and /promisedFor), each next to its field.
    await promise.getByLabel('Amount').fill('0');
    await promise.getByLabel('Promised for').fill('1800-01-01');
    await promise.getByRole('button', { name: 'Save promise' }).click();
    await promise.getByText('amount must be greater than zero').waitFor();
    expect(await promise.getByLabel('Amount').getAttribute('aria-invalid')).toBe('true');
    expect(await promise.getByLabel('Promised for').getAttribute('aria-invalid')).toBe('true');
    expect(await promise.getByRole('alert').count()).toBe(0);

    // A refused business rule (422): in the form, with everything still filled in.
    await promise.getByLabel('Amount').fill('2000.00');
    await promise.getByLabel('Promised for').fill('2024-07-31');
    await promise.getByRole('button', { name: 'Save promise' }).click();
    await promise
      .getByRole('alert')
      .getByText(/exceeds the 1000.00 EUR open/)
      .waitFor();
    expect(await promise.getByLabel('Amount').inputValue()).toBe('2000.00');
    expect(await promise.getByLabel('Promised for').inputValue()).toBe('2024-07-31');
    expect(await promise.getByRole('checkbox', { name: 'C-REFUSED-INV' }).isChecked()).toBe(true);
    expect(await promise.getByLabel('Amount').getAttribute('aria-invalid')).not.toBe('true');
    expect(await seriousViolations(page)).toEqual([]);

    const { body } = await rig.api.as('auditor').get('/customers/C-REFUSED/history').expect(200);
    expect(body.events.map((event: { type: string }) => event.type)).not.toContain('PromiseMade');
  }, 60_000);

  it('given an auditor, when they open a customer, then no action is offered and a forged one is refused with 403; a collector is offered theirs and none of a manager’s', async () => {
    const auditor = await openCustomerAs(rig, 'auditor', 'C-DAY');
    expect(await auditor.getByRole('heading', { name: 'Actions', exact: true }).count()).toBe(0);
    // What an auditor may press only reads: the exports of the history, why a payment is predicted when it is, and signing out.
    expect((await auditor.getByRole('button').allTextContents()).sort()).toEqual(['Export CSV', 'Export JSONL', 'Sign out', 'Why?']);

    // A request the page does not offer, forged from it with the auditor's key, is refused and records nothing.
    const before = await rig.api.streamLength('C-DAY');
    const forged = await auditor.evaluate(
      async ({ key }) => {
        const response = await fetch('/customers/C-DAY/promises', {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ promiseId: 'FORGED', invoiceIds: ['C-DAY-INV'], amount: 100, currency: 'EUR', promisedFor: '2024-07-31' }),
        });
        return { status: response.status, type: response.headers.get('content-type') };
      },
      { key: keyOf('auditor') },
    );
    expect(forged).toEqual({ status: 403, type: expect.stringMatching(/^application\/problem\+json/) });
    expect(await rig.api.streamLength('C-DAY')).toBe(before);

    const collector = await openCustomerAs(rig, 'collector', 'C-DAY');
    for (const action of [
      'Log a call',
      'Record a promise',
      'Agree a payment plan',
      'Raise a dispute',
      'Claim a deduction',
      'Recommend a credit limit',
    ])
      expect(await collector.getByRole('button', { name: action }).count()).toBe(1);
    for (const action of ['Assign a collector', 'Place a credit hold', 'Refer to an agency', 'Start legal action', 'Write off'])
      expect(await collector.getByRole('button', { name: action }).count()).toBe(0);
  });
});
