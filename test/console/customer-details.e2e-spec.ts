import { LETTER_OUTBOX, LetterOutbox } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';

/** The rest of the customer page: aging buckets, referrals and legal actions, letters, the timeline by kind, the export. */
describeInBrowser('the console: a customer in detail', () => {
  let rig: ConsoleRig;
  const customer = '/customers/C-DT';

  const openCustomer = async (role: 'auditor' | 'manager' = 'auditor'): Promise<Page> => {
    const page = await rig.open(`/app${customer}`);
    await signIn(page, keyOf(role));
    await page.getByRole('heading', { name: 'Customer C-DT' }).waitFor();
    // The account is read after the heading shows: its balances come with the open invoices.
    await page.getByRole('heading', { name: /^Balances as of/ }).waitFor();
    return page;
  };
  const invoice = (invoiceId: string, amount: number, dueOn: string) => ({
    invoiceId,
    amount,
    currency: 'EUR',
    issuedOn: '2024-01-10',
    dueOn,
  });

  beforeAll(async () => {
    rig = await startConsoleRig();
    const integration = rig.api.as('integration');
    const manager = rig.api.as('manager');
    // Today is 2024-06-30: not yet due, 10 days, 45 days and 121 days past due.
    await integration.post(`${customer}/invoices`, invoice('INV-NEW', 10_000, '2024-07-15')).expect(201);
    await integration.post(`${customer}/invoices`, invoice('INV-10', 20_000, '2024-06-20')).expect(201);
    await integration.post(`${customer}/invoices`, invoice('INV-45', 30_000, '2024-05-16')).expect(201);
    await integration.post(`${customer}/invoices`, invoice('INV-121', 40_000, '2024-03-01')).expect(201);
    await manager.post(`${customer}/assignment`, { collectorId: 'collector-1', assignedOn: '2024-03-05' }).expect(201);
    for (const [promiseId, invoiceId, amount, madeOn] of [
      ['PR-1', 'INV-121', 40_000, '2024-04-01'],
      ['PR-2', 'INV-10', 20_000, '2024-06-25'],
    ] as const) {
      await rig.api
        .as('collector')
        .post(`${customer}/promises`, { promiseId, invoiceIds: [invoiceId], amount, currency: 'EUR', promisedFor: '2024-07-20', madeOn })
        .expect(201);
    }
    await manager
      .post(`${customer}/agency-referrals`, {
        referralId: 'AG-1',
        agency: 'Baltic Recovery UAB',
        invoiceIds: ['INV-121'],
        reason: 'In-house steps exhausted',
        referredOn: '2024-06-01',
      })
      .expect(201);
    await manager.post(`${customer}/agency-referrals/AG-1/recall`, { reason: 'Agency too slow', recalledOn: '2024-06-10' }).expect(201);
    await manager
      .post(`${customer}/legal-actions`, {
        caseId: 'CASE-1',
        invoiceIds: ['INV-45'],
        court: 'Vilnius District Court',
        smallClaims: true,
        reason: 'Assets found',
        initiatedOn: '2024-06-12',
      })
      .expect(201);
    const outbox: LetterOutbox = rig.api.app.get(LETTER_OUTBOX);
    await outbox.store(
      aLetter({
        customerId: 'C-DT',
        invoiceIds: ['INV-121'],
        sentOn: '2024-03-10',
        subject: 'Payment reminder: 1 overdue invoice',
        text: 'Dear customer,\n\nInvoice INV-121 is open: €400.00.\n',
      }),
    );
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given invoices 0, 10, 45 and 121 days past due, when the customer is opened, then each open invoice shows the bucket GET /aging counts it in', async () => {
    const page = await openCustomer();

    const table = page.getByRole('table', { name: 'Open invoices' });
    const rows = (await table.getByRole('row').all()).slice(1);
    const shown = await Promise.all(rows.map((row) => row.getByRole('cell').allTextContents()));
    const bucketOf = Object.fromEntries(shown.map((cells) => [cells[0], cells[5]]));
    expect(bucketOf).toEqual({ 'INV-NEW': 'Current', 'INV-10': '1-30', 'INV-45': '31-60', 'INV-121': '90+' });
    // The aging report puts each amount in the same bucket.
    const { body } = await rig.api.as('analyst').get('/aging?currency=EUR&groupBy=customer').expect(200);
    const [aging] = body.customers.filter((row: { customerId: string }) => row.customerId === 'C-DT');
    expect(aging.buckets).toEqual({ current: 10_000, '1-30': 20_000, '31-60': 30_000, '61-90': 0, '90+': 40_000 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given a referral recalled and a legal action, when the customer is opened, then Referrals and Legal actions show them as GET state has them', async () => {
    const page = await openCustomer();

    const referral = page.getByRole('table', { name: 'Referrals' }).getByRole('row').nth(1);
    expect(await referral.getByRole('cell').allTextContents()).toEqual([
      'AG-1',
      'Baltic Recovery UAB',
      'INV-121',
      '2024-06-01',
      'recalled on 2024-06-10',
    ]);
    const legal = page.getByRole('table', { name: 'Legal actions' }).getByRole('row').nth(1);
    expect(await legal.getByRole('cell').allTextContents()).toEqual([
      'CASE-1',
      'Vilnius District Court (small claims)',
      'INV-45',
      '2024-06-12',
    ]);
    const { body } = await rig.api.as('auditor').get(`${customer}/state`).expect(200);
    expect(body.agencyReferrals).toMatchObject([{ referralId: 'AG-1', status: 'recalled', recalledOn: '2024-06-10' }]);
  });

  it('given a letter sent, when the customer is opened, then Letters shows its subject, its text and that its delivery is pending', async () => {
    const page = await openCustomer();

    const letter = page.getByRole('list', { name: 'Letters' }).getByRole('listitem');
    await letter.first().waitFor();
    expect(await letter.count()).toBe(1);
    await letter.getByRole('heading', { name: 'Payment reminder: 1 overdue invoice' }).waitFor();
    const text = await letter.textContent();
    expect(text).toContain('Invoice INV-121 is open: €400.00.');
    expect(text).toContain('Delivery: pending');
  });

  it('given the timeline, when only "Promise made" is chosen in Kinds of event, then it lists the two promises and nothing else; cleared, every event again', async () => {
    const page = await openCustomer();
    const items = page.getByRole('list', { name: 'Timeline' }).getByRole('listitem');
    await items.first().waitFor();
    const { body } = await rig.api.as('auditor').get(`${customer}/history`).expect(200);
    expect(await items.count()).toBe(body.events.length);

    await page.getByRole('combobox', { name: 'Kinds of event' }).click();
    await page.getByRole('option', { name: 'Promise made' }).click();
    await page.keyboard.press('Escape');

    await items.nth(2).waitFor({ state: 'detached' });
    expect(await items.count()).toBe(2);
    expect(await items.allTextContents()).toEqual([expect.stringContaining('PromiseMade'), expect.stringContaining('PromiseMade')]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('combobox', { name: 'Kinds of event' }).press('Backspace');
    await items.nth(body.events.length - 1).waitFor();
    expect(await items.count()).toBe(body.events.length);
  });

  it('given the customer page, when Export JSONL and Export CSV are pressed, then the files downloaded are what GET history/export answers', async () => {
    const page = await openCustomer();

    for (const [button, format] of [
      ['Export JSONL', 'jsonl'],
      ['Export CSV', 'csv'],
    ]) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      expect(download.suggestedFilename()).toBe(`collection-history-C-DT.${format}`);
      const saved = readFileSync((await download.path())!, 'utf8');
      const { text } = await rig.api.as('auditor').get(`${customer}/history/export?format=${format}`).expect(200);
      expect(saved.split('\n')).toEqual(text.split('\n'));
      if (format === 'jsonl') expect(saved.trim().split('\n')).toHaveLength(10);
    }
  });
});
