import { PolicyEngine } from '@collections/policy-engine';
import { Page } from 'playwright-core';
import { ConsoleRig, describeInBrowser, seriousViolations, startConsoleRig } from './browser';

/**
 * The customer's page: what a customer meets when it opens the link in a letter. The policy
 * engine is hosted (its daily run off) and run by hand: from three days before the due date, so
 * that a courtesy e-mail is the letter the link comes from, then on the day the first reminder
 * falls due. The harness's today is 2024-06-30; the invoices fell due on 2024-06-24, so the
 * reminder at 7 days past due is 2024-07-01's. C-CONTROL owes the same and does nothing: it is
 * reminded that day, which shows the day is one a reminder would go out on.
 */
describeInBrowser("the customer's page", () => {
  let rig: ConsoleRig;
  let engine: PolicyEngine;

  const CREDITOR = 'Northwind Supplies UAB';
  const BANK_DETAILS = 'IBAN LT12 1000 0111 0100 1000, BIC CBVILT2X';
  const PAYMENT_URL = 'https://pay.example.com/northwind';

  const invoice = (customerId: string, invoiceId: string, amount: number) =>
    rig.api
      .as('integration')
      .post(`/customers/${customerId}/invoices`, { invoiceId, amount, currency: 'EUR', issuedOn: '2024-05-25', dueOn: '2024-06-24' })
      .expect(201);
  const historyOf = async (customerId: string) => {
    const { body } = await rig.api.as('auditor').get(`/customers/${customerId}/history`).expect(200);
    return body.events as { type: string; data: Record<string, unknown>; metadata: { actor?: { id: string; role: string } } }[];
  };
  /** The customer's letters, once the engine's letter writer has stored them. */
  const lettersOf = async (customerId: string) => {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const { body } = await rig.api.as('collector').get(`/customers/${customerId}/letters`).expect(200);
      if (body.letters.length > 0) return body.letters as { letterId: string; text: string; sentOn: string; subject: string }[];
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${customerId} was sent no letter`);
  };

  /**
   * The customer's link as its letter has it (`<PUBLIC_URL>/pay/<token>`, absolute), opened on the
   * service under test: its path, on the loopback address the rig listens on.
   */
  const linkOf = async (customerId: string): Promise<string> => {
    const [letter] = await lettersOf(customerId);
    const link = /https:\/\/collect\.northwind\.example\/pay\/\S+/.exec(letter.text);
    if (!link) throw new Error(`The letter of ${customerId} holds no link: ${letter.text}`);
    return new URL(link[0]).pathname;
  };

  const openLink = async (path: string): Promise<Page> => {
    const page = await rig.open(path);
    page.setDefaultTimeout(8_000);
    return page;
  };
  const dialogOf = async (page: Page, button: string) => {
    await page.getByRole('button', { name: button }).click();
    return page.getByRole('dialog', { name: button });
  };
  const confirmation = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text }).waitFor();

  beforeAll(async () => {
    rig = await startConsoleRig({
      env: {
        POLICY_ENGINE: 'hosted',
        POLICY_RUN_INTERVAL_MINUTES: '0',
        CREDITOR_NAME: CREDITOR,
        CREDITOR_BANK_DETAILS: BANK_DETAILS,
        CREDITOR_PAYMENT_URL: PAYMENT_URL,
        PUBLIC_URL: 'https://collect.northwind.example',
      },
    });
    engine = rig.api.app.get(PolicyEngine);
    await invoice('C-SELF', 'INV-S1', 40_000);
    await invoice('C-SELF', 'INV-S2', 30_000);
    await invoice('C-SELF', 'INV-S3', 20_000);
    await invoice('C-CONTROL', 'INV-C1', 40_000);
    await invoice('C-LINKS', 'INV-L1', 10_000);
    await invoice('C-CALL', 'INV-K1', 10_000);
    // The courtesy e-mail of 2024-06-21 (three days before the due date) is each customer's letter.
    await engine.runDays('2024-06-21', '2024-06-30');
    await engine.writeAndDeliverLetters();
  }, 60_000);
  // The harness's today again, after a test that moved to the next day.
  afterEach(() => rig?.api.clock.set('2024-06-30T12:00:00.000Z'));
  afterAll(() => rig?.close());

  it('given the link in its letter, when the customer opens it, then it sees its creditor, its own open invoices, the letters sent and how to pay, and no staff page', async () => {
    const page = await openLink(await linkOf('C-SELF'));
    await page.getByRole('heading', { name: CREDITOR, level: 1 }).waitFor();

    const invoices = page.getByRole('table', { name: 'Open invoices' });
    expect(await invoices.getByRole('row').allTextContents()).toEqual([
      'InvoiceIssued onDue dateAmountOpen amountStatus',
      'INV-S12024-05-252024-06-24€400.00€400.00open',
      'INV-S22024-05-252024-06-24€300.00€300.00open',
      'INV-S32024-05-252024-06-24€200.00€200.00open',
    ]);
    // Nothing of another customer, and none of the staff's pages or sign-in.
    expect(await page.getByText('INV-C1').count()).toBe(0);
    expect(await page.getByRole('navigation').count()).toBe(0);
    expect(await page.getByLabel('API key').count()).toBe(0);

    const howToPay = page.getByRole('region', { name: 'How to pay' });
    await howToPay.getByText(BANK_DETAILS).waitFor();
    expect(await howToPay.getByRole('link', { name: PAYMENT_URL }).getAttribute('href')).toBe(PAYMENT_URL);
    await howToPay.getByText('Payment reference: C-SELF').waitFor();

    // Each letter's text is there on demand: hidden until its line is opened.
    const letters = page.getByRole('list', { name: 'Letters sent to you' });
    const [letter] = await lettersOf('C-SELF');
    const text = letters.getByText(letter.text.trim().split('\n')[0]).last();
    expect(await text.isVisible()).toBe(false);
    await letters.getByText(`${letter.sentOn}: ${letter.subject}`).click();
    await text.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given the link, when the customer promises beyond the limits, then the reason is shown and nothing is recorded; within them, the promise is recorded as the customer’s', async () => {
    const page = await openLink(await linkOf('C-SELF'));
    const before = await rig.api.streamLength('C-SELF');
    const dialog = await dialogOf(page, 'Promise to pay');
    // The policy lets a customer promise 30 days ahead at most: 2024-07-30 from today.
    await dialog.getByLabel('Amount').fill('900.00');
    await dialog.getByLabel('Date').fill('2024-09-30');
    await dialog.getByRole('button', { name: 'Send promise' }).click();
    await dialog.getByText('The latest date you can promise is 2024-07-30').waitFor();
    // The reason belongs to the field it is about: a screen reader reads it with the date.
    const described = await dialog.getByLabel('Date').getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described?.split(' ').find((id) => id.includes('error'))}"]`).textContent()).toBe(
      'The latest date you can promise is 2024-07-30',
    );
    expect(await dialog.getByLabel('Amount').inputValue()).toBe('900.00');
    expect(await rig.api.streamLength('C-SELF')).toBe(before);
    expect(await seriousViolations(page)).toEqual([]);

    await dialog.getByLabel('Date').fill('2024-07-15');
    await dialog.getByRole('button', { name: 'Send promise' }).click();
    await confirmation(page, 'your promise to pay €900.00 by 2024-07-15 is recorded');
    // The page is read again: the invoices the promise covers say so.
    await page
      .getByRole('table', { name: 'Open invoices' })
      .getByRole('row', { name: /INV-S1.*promised/ })
      .waitFor();

    const promise = (await historyOf('C-SELF')).find(({ type }) => type === 'PromiseMade');
    expect(promise).toMatchObject({
      data: { amount: 90_000, currency: 'EUR', promisedFor: '2024-07-15', madeOn: '2024-06-30' },
      metadata: { actor: { id: 'customer:C-SELF', role: 'customer' } },
    });
  });

  it('given two promises broken already, when the customer opens its link, then it cannot promise on the page and is told why', async () => {
    for (const [promiseId, madeOn, promisedFor, brokenOn] of [
      ['PR-K1', '2024-06-25', '2024-06-26', '2024-06-27'],
      ['PR-K2', '2024-06-27', '2024-06-28', '2024-06-29'],
    ]) {
      await rig.api
        .as('collector')
        .post('/customers/C-CALL/promises', { promiseId, invoiceIds: ['INV-K1'], amount: 10_000, currency: 'EUR', promisedFor, madeOn })
        .expect(201);
      await rig.api.as('collector').post(`/customers/C-CALL/promises/${promiseId}/broken`, { brokenOn }).expect(201);
    }
    const page = await openLink(await linkOf('C-CALL'));
    const promise = page.getByRole('button', { name: 'Promise to pay' });
    await promise.waitFor();
    expect(await promise.isDisabled()).toBe(true);
    await page.getByText('2 earlier promises were not kept: please call us to agree a date').waitFor();
    expect(await promise.getAttribute('aria-describedby')).toBe('promise-not-allowed');
    // What it may still do is there.
    expect(await page.getByRole('button', { name: 'I have paid' }).isEnabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given the link, when the customer disputes an invoice and reports a payment, then each is recorded as the customer’s, and the next day’s policy run reminds it of nothing they cover', async () => {
    const page = await openLink(await linkOf('C-SELF'));

    const dispute = await dialogOf(page, 'Dispute an invoice');
    await dispute.getByLabel('Invoice').selectOption('INV-S1');
    await dispute.getByLabel('Category').selectOption({ label: 'damaged goods' });
    await dispute.getByLabel('Description').fill('Two of the ten pallets arrived crushed.');
    expect(await seriousViolations(page)).toEqual([]);
    await dispute.getByRole('button', { name: 'Send dispute' }).click();
    await confirmation(page, 'your dispute of INV-S1 is recorded');
    await page
      .getByRole('table', { name: 'Open invoices' })
      .getByRole('row', { name: /INV-S1.*disputed/ })
      .waitFor();

    const paid = await dialogOf(page, 'I have paid');
    await paid.getByLabel('Amount').fill('200');
    await paid.getByLabel('Paid on').fill('2024-06-28');
    await paid.getByLabel('Reference').fill('NW-2024-0628');
    await paid.getByRole('checkbox', { name: 'INV-S3' }).check();
    await paid.getByRole('button', { name: 'Send', exact: true }).click();
    await confirmation(page, 'your payment of €200.00 on 2024-06-28 is noted');

    const history = await historyOf('C-SELF');
    const byCustomer = history.filter(({ metadata }) => metadata.actor?.role === 'customer');
    // (after the promise of the test before, when it ran)
    expect(byCustomer.map(({ type }) => type).filter((type) => type !== 'PromiseMade')).toEqual(['DisputeRaised', 'PaymentReported']);
    expect(byCustomer.every(({ metadata }) => metadata.actor?.id === 'customer:C-SELF')).toBe(true);
    expect(history.find(({ type }) => type === 'DisputeRaised')?.data).toMatchObject({
      invoiceId: 'INV-S1',
      category: 'damaged_goods',
      description: 'Two of the ten pallets arrived crushed.',
      amount: 40_000,
    });
    expect(history.find(({ type }) => type === 'PaymentReported')?.data).toMatchObject({
      invoiceIds: ['INV-S3'],
      amount: 20_000,
      currency: 'EUR',
      paidOn: '2024-06-28',
      reference: 'NW-2024-0628',
      reportedOn: '2024-06-30',
    });

    // when the policy runs the next day, the first reminder's
    rig.api.clock.set('2024-07-01T06:00:00.000Z');
    await engine.runDays('2024-07-01', '2024-07-01');
    const remindedOn = async (customerId: string) =>
      (await historyOf(customerId))
        .filter(({ type, data }) => type === 'ReminderSent' && data.sentOn === '2024-07-01')
        .flatMap(({ data }) => data.invoiceIds as string[]);
    // then the customer who did nothing is reminded, and this one of none of the invoices its actions cover
    expect(await remindedOn('C-CONTROL')).toEqual(['INV-C1']);
    const promised = byCustomer.filter(({ type }) => type === 'PromiseMade').flatMap(({ data }) => data.invoiceIds as string[]);
    const covered = new Set(['INV-S1', 'INV-S3', ...promised]);
    expect((await remindedOn('C-SELF')).filter((invoiceId) => covered.has(invoiceId))).toEqual([]);
  });

  it('given an expired link, or a link with one character changed, then the page says the link does not work and nothing is recorded; asking for a new one tells the collector', async () => {
    const before = await rig.api.streamLength('C-LINKS');
    const genuine = await linkOf('C-LINKS');
    // The letter of 2024-06-21 is good for the policy's 30 days: to 2024-07-21.
    rig.api.clock.set('2024-07-22T09:00:00.000Z');
    const expired = await openLink(genuine);
    await expired.getByRole('heading', { name: 'This link does not work', level: 1 }).waitFor();
    await expired.getByText('This link has expired').waitFor();
    expect(await expired.getByText('INV-L1').count()).toBe(0);
    expect(await seriousViolations(expired)).toEqual([]);

    // One character changed, in the middle of the signature.
    rig.api.clock.set('2024-06-30T12:00:00.000Z');
    const at = genuine.length - 20;
    const changed = `${genuine.slice(0, at)}${genuine[at] === 'A' ? 'B' : 'A'}${genuine.slice(at + 1)}`;
    const forged = await openLink(changed);
    await forged.getByRole('heading', { name: 'This link does not work', level: 1 }).waitFor();
    await forged.getByText('This is not a valid link').waitFor();
    expect(await forged.getByText('INV-L1').count()).toBe(0);
    expect(await rig.api.streamLength('C-LINKS')).toBe(before);

    // Asking again with the forged link is taken, and tells nobody anything.
    await forged.getByRole('button', { name: 'Request a new link' }).click();
    await confirmation(forged, 'will send you a new link');
    expect(await rig.api.streamLength('C-LINKS')).toBe(before);

    // The expired one is genuine: its collector is told.
    rig.api.clock.set('2024-07-22T09:00:00.000Z');
    await expired.getByRole('button', { name: 'Request a new link' }).click();
    await confirmation(expired, 'will send you a new link');
    const requested = (await historyOf('C-LINKS')).filter(({ type }) => type === 'FreshLinkRequested');
    expect(requested).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ requestedOn: '2024-07-22' }),
        metadata: expect.objectContaining({ actor: { id: 'customer:C-LINKS', role: 'customer' } }),
      }),
    ]);
  });

  it('given the page shell, then it is served for any token with no key, never cached and never sent on in a Referer', async () => {
    const response = await fetch(`${rig.baseUrl}/pay/anything-at-all`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await openLink('/pay/anything-at-all');
    await page.getByRole('heading', { name: 'This link does not work', level: 1 }).waitFor();
  });
});
