import { buildCamt053 } from '@collections/cash-application/testing/camt053-builder';
import { StatementFileDescription } from '@collections/cash-application/testing/statement-description';
import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/**
 * Cash to apply: a bank statement comes in through the API, the matcher places what it can, and
 * people apply the rest, refund it, reverse an application, and give unidentified cash its
 * customer. The harness's today is 2024-06-30; the statement is booked on 2024-06-10.
 */
describeInBrowser('the console: cash to apply', () => {
  let rig: ConsoleRig;

  /** Payer accounts recorded for the customers before the statement comes in: their payments are theirs. */
  const PAYER_A = 'LT751000011101002000';
  const PAYER_C = 'LT411000011101003000';
  const PAYER_D = 'LT071000011101004000';

  const invoice = (customerId: string, invoiceId: string, amount: number, dueOn: string) =>
    rig.api
      .as('integration')
      .post(`/customers/${customerId}/invoices`, { invoiceId, amount, currency: 'EUR', issuedOn: '2024-04-01', dueOn })
      .expect(201);
  const payerAccount = (customerId: string, account: string) =>
    rig.api.as('manager').post(`/customers/${customerId}/payer-accounts`, { account, recordedOn: '2024-04-01' }).expect(201);

  const statement: StatementFileDescription = {
    statements: [
      {
        id: 'STMT-CONSOLE',
        iban: 'LT601010012345678901',
        entries: [
          // €160.00 from C-CASH-A's account naming no invoice: €100 + €60 could be INV-A1 with INV-A2 or with INV-A3, so no rule guesses.
          {
            reference: 'E1',
            currency: 'EUR',
            bookedOn: '2024-06-10',
            transactions: [{ amount: 16_000, payerName: 'Kauno įrankiai UAB', payerIban: PAYER_A, unstructured: ['May deliveries'] }],
          },
          // €45.00 from a payer nobody knows: unidentified, with C-CASH-B as a candidate (its invoice is open for exactly that).
          {
            reference: 'E2',
            currency: 'EUR',
            bookedOn: '2024-06-10',
            transactions: [{ amount: 4_500, payerName: 'J. Petraitis', unstructured: ['thank you'] }],
          },
          { reference: 'E3', currency: 'EUR', bookedOn: '2024-06-10', transactions: [{ amount: 12_345, payerIban: PAYER_C }] },
          { reference: 'E4', currency: 'EUR', bookedOn: '2024-06-10', transactions: [{ amount: 12_345, payerIban: PAYER_D }] },
        ],
      },
    ],
  };

  const openAs = async (role: 'manager' | 'collector', path = '/app/'): Promise<Page> => {
    const page = await rig.open(path);
    page.setDefaultTimeout(8_000);
    await signIn(page, keyOf(role));
    return page;
  };
  const openCashAs = async (role: 'manager' | 'collector'): Promise<Page> => {
    const page = await openAs(role);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Cash to apply' }).click();
    await page.getByRole('heading', { name: 'Cash to apply', level: 1 }).waitFor();
    return page;
  };
  const unappliedRow = (page: Page, customerId: string) =>
    page.getByRole('table', { name: 'Unapplied cash' }).getByRole('row').filter({ hasText: customerId });
  const balances = async (customerId: string) => {
    const { body } = await rig.api.as('manager').get(`/customers/${customerId}/state`).expect(200);
    return Object.fromEntries(
      (body.invoices as { invoiceId: string; balance: number }[]).map(({ invoiceId, balance }) => [invoiceId, balance]),
    );
  };

  beforeAll(async () => {
    rig = await startConsoleRig();
    await invoice('C-CASH-A', 'INV-A1', 10_000, '2024-05-01');
    await invoice('C-CASH-A', 'INV-A2', 6_000, '2024-05-15');
    await invoice('C-CASH-A', 'INV-A3', 6_000, '2024-06-01');
    await invoice('C-CASH-B', 'INV-B1', 4_500, '2024-05-01');
    await invoice('C-CASH-C', 'INV-C1', 30_000, '2024-05-01');
    await invoice('C-CASH-D', 'INV-D1', 30_000, '2024-05-01');
    await payerAccount('C-CASH-A', PAYER_A);
    await payerAccount('C-CASH-C', PAYER_C);
    await payerAccount('C-CASH-D', PAYER_D);
    const { body } = await rig.api
      .as('integration')
      .post('/bank-statements', buildCamt053(statement, '001.08'), { 'Content-Type': 'application/xml' })
      .expect(200);
    expect(body.counts).toMatchObject({ applied: 0, unapplied: 3, unidentified: 1 });
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given cash no rule could place, when a manager spreads it over two invoices until nothing remains and applies it, then the invoices are paid and the payment leaves the queue', async () => {
    const page = await openCashAs('manager');
    const row = unappliedRow(page, 'C-CASH-A');
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'C-CASH-A',
      '2024-06-10',
      '€160.00',
      '€160.00',
      `Kauno įrankiai UAB, ${PAYER_A}`,
      'May deliveries',
      expect.stringContaining('Select'),
    ]);
    expect(await seriousViolations(page)).toEqual([]);

    await row.getByRole('button', { name: /Select/ }).click();
    const panel = page.getByRole('region', { name: 'Payment of C-CASH-A received on 2024-06-10' });
    const candidates = panel.getByRole('table', { name: 'Candidate invoices' });
    expect(await candidates.getByRole('row').filter({ hasText: 'INV-A1' }).textContent()).toContain('oldest due');
    await panel.getByText('Remaining: €160.00').waitFor();

    await panel.getByLabel('Amount for INV-A1').fill('100.00');
    await panel.getByText('Remaining: €60.00').waitFor();
    // More than INV-A2 owes: said while typing, and nothing is sent.
    await panel.getByLabel('Amount for INV-A2').fill('70');
    await panel.getByText("More than the invoice's balance of €60.00").waitFor();
    await panel.getByText('Remaining: -€10.00').waitFor();
    await panel.getByRole('button', { name: 'Apply', exact: true }).click();
    await panel.getByText("More than the invoice's balance of €60.00").waitFor();
    expect(await balances('C-CASH-A')).toEqual({ 'INV-A1': 10_000, 'INV-A2': 6_000, 'INV-A3': 6_000 });

    await panel.getByRole('button', { name: 'Apply remaining to INV-A2' }).click();
    expect(await panel.getByLabel('Amount for INV-A2').inputValue()).toBe('60.00');
    await panel.getByText('Remaining: €0.00').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await panel.getByRole('button', { name: 'Apply', exact: true }).click();

    await page
      .getByRole('status')
      .filter({ hasText: 'Applied €160.00 of the payment of C-CASH-A: INV-A1 €100.00, INV-A2 €60.00.' })
      .waitFor();
    await unappliedRow(page, 'C-CASH-A').waitFor({ state: 'detached' });
    expect(await page.getByRole('region', { name: /Payment of C-CASH-A/ }).count()).toBe(0);
    expect(await balances('C-CASH-A')).toEqual({ 'INV-A1': 0, 'INV-A2': 0, 'INV-A3': 6_000 });
    const { body } = await rig.api.as('manager').get('/customers/C-CASH-A/state').expect(200);
    expect(body.cash).toEqual([
      expect.objectContaining({
        amount: 16_000,
        unapplied: 0,
        applications: [
          expect.objectContaining({
            allocations: [
              { invoiceId: 'INV-A1', amount: 10_000 },
              { invoiceId: 'INV-A2', amount: 6_000 },
            ],
            rule: 'manual',
          }),
        ],
      }),
    ]);

    await page.goto(`${rig.baseUrl}/app/customers/C-CASH-A`);
    const open = page.getByRole('table', { name: 'Open invoices' });
    await open.waitFor();
    expect(await open.getByRole('row').allTextContents()).toEqual([expect.stringContaining('Invoice'), expect.stringContaining('INV-A3')]);
    expect(await page.getByText(/^Unapplied cash €/).count()).toBe(0);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('€160.00 received on account from Kauno įrankiai UAB, not yet applied').waitFor();
    await timeline.getByText('Cash applied (manual): INV-A1 €100.00, INV-A2 €60.00').waitFor();
  });

  it('given unidentified cash, when a manager assigns it to the candidate the matcher found, then it leaves that queue and waits on the customer as unapplied cash', async () => {
    const page = await openCashAs('manager');
    const unidentified = page.getByRole('table', { name: 'Unidentified cash' });
    const row = unidentified.getByRole('row').filter({ hasText: 'J. Petraitis' });
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      '2024-06-10',
      '€45.00',
      'J. Petraitis',
      'thank you',
      'C-CASH-B: invoice INV-B1 is open for exactly 45.00 EUR',
      expect.stringContaining('Assign to customer'),
    ]);

    await row.getByRole('button', { name: /Assign to customer/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Assign the €45.00 received on 2024-06-10 to a customer' });
    // A customer the service does not know is refused, and what was typed stays.
    await dialog.getByLabel('Customer id').fill('C-NOBODY');
    await dialog.getByRole('button', { name: 'Assign' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'There is no customer C-NOBODY' }).waitFor();
    expect(await dialog.getByLabel('Customer id').inputValue()).toBe('C-NOBODY');

    await dialog.getByRole('group', { name: 'Candidates' }).getByRole('button', { name: 'C-CASH-B' }).click();
    expect(await dialog.getByLabel('Customer id').inputValue()).toBe('C-CASH-B');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Assign' }).click();

    await page.getByRole('status').filter({ hasText: 'Assigned the €45.00 received on 2024-06-10 to C-CASH-B.' }).waitFor();
    expect(await unidentified.count()).toBe(0);
    await page.getByText('No unidentified cash is waiting.').waitFor();
    expect(await unappliedRow(page, 'C-CASH-B').getByRole('cell').nth(3).textContent()).toBe('€45.00');

    await page.getByRole('link', { name: 'C-CASH-B' }).click();
    await page.getByText('Unapplied cash €45.00').waitFor();
  });

  it('given cash to apply, when a collector opens the page, then they see the queue and the candidates but no button that applies, refunds or assigns', async () => {
    const page = await openCashAs('collector');
    const row = unappliedRow(page, 'C-CASH-C');
    await row.getByRole('button', { name: /Select/ }).click();
    const panel = page.getByRole('region', { name: 'Payment of C-CASH-C received on 2024-06-10' });
    await panel.getByRole('table', { name: 'Candidate invoices' }).getByRole('row').filter({ hasText: 'INV-C1' }).waitFor();
    expect(await page.getByRole('button', { name: /^(Apply|Refund|Reverse|Assign)/ }).count()).toBe(0);
    expect(await panel.getByLabel(/^Amount for/).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given cash partly applied, when a manager reverses the application and refunds the rest, then the remaining goes back up and the payment leaves the queue', async () => {
    const page = await openCashAs('manager');
    await page.getByLabel('Customer', { exact: true }).fill('C-CASH-D');
    await page.getByLabel('Customer', { exact: true }).press('Enter');
    await page.waitForURL(/customer=C-CASH-D/);
    await unappliedRow(page, 'C-CASH-D')
      .getByRole('button', { name: /Select/ })
      .click();
    const panel = page.getByRole('region', { name: 'Payment of C-CASH-D received on 2024-06-10' });

    await panel.getByRole('button', { name: 'Fill oldest first' }).click();
    expect(await panel.getByLabel('Amount for INV-D1').inputValue()).toBe('123.45');
    await panel.getByLabel('Amount for INV-D1').fill('100');
    await panel.getByText('Remaining: €23.45').waitFor();
    await panel.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Applied €100.00' }).waitFor();
    expect(await unappliedRow(page, 'C-CASH-D').getByRole('cell').nth(3).textContent()).toBe('€23.45');
    // The form starts afresh for what remains.
    await panel.getByText('Remaining: €23.45').waitFor();
    expect(await panel.getByLabel('Amount for INV-D1').inputValue()).toBe('');

    const applications = panel.getByRole('table', { name: 'Applications' });
    await applications.getByRole('button', { name: /^Reverse/ }).click();
    const reversal = page.getByRole('dialog', { name: /Reverse application APP-/ });
    await reversal.getByLabel('Reason').fill('Applied to the wrong invoice');
    expect(await seriousViolations(page)).toEqual([]);
    await reversal.getByRole('button', { name: 'Reverse application' }).click();
    await page.getByRole('status').filter({ hasText: 'INV-D1 €100.00 owe again' }).waitFor();
    expect(await unappliedRow(page, 'C-CASH-D').getByRole('cell').nth(3).textContent()).toBe('€123.45');
    expect(await applications.getByRole('row').filter({ hasText: 'reversed on 2024-06-30' }).count()).toBe(1);

    await panel.getByRole('button', { name: /^Refund/ }).click();
    const refund = page.getByRole('dialog', { name: 'Refund cash of C-CASH-D' });
    expect(await refund.getByLabel('Amount').inputValue()).toBe('123.45');
    await refund.getByLabel('Reason').fill('Paid twice by mistake');
    await refund.getByRole('button', { name: 'Refund' }).click();
    await page.getByRole('status').filter({ hasText: 'Refunded €123.45 of the payment of C-CASH-D.' }).waitFor();
    await unappliedRow(page, 'C-CASH-D').waitFor({ state: 'detached' });
    expect(await balances('C-CASH-D')).toEqual({ 'INV-D1': 30_000 });
  });
});
