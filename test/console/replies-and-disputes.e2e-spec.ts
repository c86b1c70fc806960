import { CommandBus } from '@nestjs/cqrs';
import { ExecuteAccountCommand } from '@collections/accounts';
import { loadOrCreateLinkSecret, replyAddressFor, signCustomerLink } from '@collections/customer-links';
import { CollectionCommand } from '@collections/domain';
import { InboundFixture, inboundFixture } from '@collections/inbound-mail/testing/inbound-fixtures';
import { LETTER_OUTBOX, Letter, LetterOutbox } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { Page } from 'playwright-core';
import { keyOf } from '../api/harness';
import { REPLY_DOMAIN } from '../api/inbound-mail-world';
import { ConsoleRig, describeInBrowser, seriousViolations, signIn, startConsoleRig } from './browser';
import { openCustomerAs, seedOverdueAccount } from './customer-steps';

/**
 * The staff's side of the customer's conversation: a reply waiting on the worklist and in the
 * Replies queue until a collector has read and handled it, the managers' board of disputes past
 * their target, and a customer page whose timeline shows what the customer did and wrote. Replies
 * come in as raw messages through POST /inbound-mail; the customer's promise through its own link.
 * The harness's today is 2024-06-30.
 */
describeInBrowser('the console: replies and disputes', () => {
  let rig: ConsoleRig;
  /** C-SELF's link, in the letter it was sent. */
  let link: string;

  /** A command recorded as `actor` would record it: here, a dispute's owner as the engine's routing sets it. */
  const record = (customerId: string, command: CollectionCommand, actor: { id: string; role: 'manager' }) =>
    rig.api.app.get(CommandBus).execute(new ExecuteAccountCommand(customerId, command, { actor }));
  /** A letter in the outbox, with its own reply address, as the letters' writer stores it. */
  const letterTo = async (customerId: string, level = 1): Promise<Letter> => {
    const letter = aLetter({ customerId, level, sentOn: '2024-06-20', invoiceIds: [`${customerId}-INV`] });
    const sent = { ...letter, replyTo: replyAddressFor(letter.letterId, REPLY_DOMAIN) };
    await rig.api.app.get<LetterOutbox>(LETTER_OUTBOX).store(sent);
    return sent;
  };
  /** A raw message (a mail program's reply, an out-of-office, a bounce) answering a letter, as a mail provider's webhook posts it. */
  const inbound = (fixture: InboundFixture, letter: Letter) =>
    rig.api
      .as('integration')
      .post('/inbound-mail', inboundFixture(fixture, { letterId: letter.letterId, domain: REPLY_DOMAIN }).toString('utf8'), {
        'Content-Type': 'message/rfc822',
      })
      .expect(201);
  const dispute = async (customerId: string, disputeId: string, owner: { ownerTeam: string; ownerId?: string; targetOn: string }) => {
    await rig.api
      .as('collector')
      .post(`/customers/${customerId}/disputes`, {
        disputeId,
        invoiceId: `${customerId}-INV`,
        amount: 25_000,
        currency: 'EUR',
        category: 'damaged_goods',
        raisedOn: '2024-06-01',
      })
      .expect(201);
    await record(
      customerId,
      { type: 'AssignDispute', data: { disputeId, ...owner, assignedOn: '2024-06-01' } },
      { id: 'manager-1', role: 'manager' },
    );
  };
  const history = async (customerId: string) =>
    (await rig.api.as('auditor').get(`/customers/${customerId}/history`).expect(200)).body.events as {
      type: string;
      data: Record<string, unknown>;
    }[];

  const openAs = async (role: 'manager' | 'collector', path = '/app/'): Promise<Page> => {
    const page = await rig.open(path);
    page.setDefaultTimeout(8_000);
    await signIn(page, keyOf(role));
    return page;
  };
  const navigate = async (page: Page, link: string, heading: string) => {
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: link }).click();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };
  /** The worklist's rows, in order, as `customer: state` (the live list lags the store a moment; the page polls). */
  const worklistStates = (page: Page) =>
    page
      .getByRole('region', { name: 'Worklist items' })
      .getByRole('row')
      .filter({ has: page.getByRole('link') })
      .evaluateAll((rows) => rows.map((row) => `${row.cells[0].textContent}: ${row.cells[3].textContent}`));

  beforeAll(async () => {
    rig = await startConsoleRig({ env: { INBOUND_MAIL_DOMAIN: REPLY_DOMAIN } });
    for (const customerId of ['C-QUIET', 'C-REPLY', 'C-SELF', 'C-LATE', 'C-ONTIME']) await seedOverdueAccount(rig.api, customerId);
    // C-SELF is another collector's: its reply waits on their list, not on collector-1's.
    await rig.api.as('manager').post('/customers/C-SELF/assignment', { collectorId: 'collector-2', assignedOn: '2024-04-03' }).expect(201);
    await inbound('outlook-reply', await letterTo('C-REPLY'));

    const letter = await letterTo('C-SELF');
    // The customer promises on its own page, through the letter's link (signed as the letters' writer signs it).
    link = signCustomerLink(
      { customerId: 'C-SELF', letterId: letter.letterId, expiresOn: '2024-07-20' },
      loadOrCreateLinkSecret(rig.api.dataDir, undefined),
    );
    await rig.api
      .withAuthorization()
      .post(`/pay/${link}/promises`, { amount: 50_000, currency: 'EUR', promisedFor: '2024-07-10' })
      .expect(201);
    await inbound('gmail-in-reply-to', letter);
    // A second letter came back: the engine's bounce marker (not hosted here) marks it failed as the bounce is recorded.
    const bounced = await letterTo('C-SELF', 2);
    await inbound('dsn-bounce', bounced);
    await rig.api.app
      .get<LetterOutbox>(LETTER_OUTBOX)
      .markBounced(bounced.letterId, { at: '2024-06-30T12:00:00.000Z', reason: 'bounced: 550 5.1.1 mailbox unknown' });

    // C-LATE's dispute was to be answered by 2024-06-10 (20 days ago); C-ONTIME's has until 2024-07-10.
    await dispute('C-LATE', 'D-LATE', { ownerTeam: 'quality', targetOn: '2024-06-10' });
    await dispute('C-ONTIME', 'D-ONTIME', { ownerTeam: 'sales', targetOn: '2024-07-10' });
    await rig.api.projected();
  }, 30_000);
  afterAll(() => rig?.close());

  it('given a customer who replied, when the collector reads the reply in Replies and marks it handled, then the worklist item that came first as reply waiting is a call again', async () => {
    const page = await openAs('collector');
    await navigate(page, 'Worklist', 'Worklist of collector-1');
    await page.getByRole('region', { name: 'Worklist items' }).getByRole('link', { name: 'C-REPLY' }).waitFor();
    expect((await worklistStates(page))[0]).toBe('C-REPLY: reply waiting');
    expect(await seriousViolations(page)).toEqual([]);

    await navigate(page, 'Replies', 'Replies');
    const row = page.getByRole('table', { name: 'Replies' }).getByRole('row').filter({ hasText: 'C-REPLY' });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual([
      'C-REPLY',
      'reply',
      'Jane Buyer <jane.buyer@acme-industrial.example>',
      'RE: Payment reminder: invoice INV-1 is overdue',
      '2024-06-30 12:00 UTC',
      'remittance-advice.pdf (257 B)',
      'waiting',
      expect.stringContaining('Open'),
    ]);
    await row.getByRole('button', { name: /^Open/ }).click();
    const message = page.getByRole('region', {
      name: 'Message: the reply from Jane Buyer <jane.buyer@acme-industrial.example> received on 2024-06-30',
    });
    await message.getByText(/We paid invoice INV-1 on 1 March by bank transfer \(reference ACME-4471\)/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    await message.getByRole('button', { name: 'Mark handled' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark handled' });
    await dialog.getByLabel('Note').fill('Asked the bank for the statement of Friday');
    await dialog.getByRole('button', { name: 'Mark handled' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Marked the reply from Jane Buyer <jane.buyer@acme-industrial.example> received on 2024-06-30 handled.' })
      .waitFor();
    await row.waitFor({ state: 'detached' });
    expect((await history('C-REPLY')).at(-1)).toMatchObject({
      type: 'ReplyHandled',
      data: { handledOn: '2024-06-30', note: 'Asked the bank for the statement of Friday' },
    });

    // Handled replies are one filter away, with the day they were handled.
    await page.getByLabel('Status').selectOption('handled');
    await page.getByRole('table', { name: 'Replies' }).getByRole('row').filter({ hasText: 'handled on 2024-06-30' }).waitFor();
    expect(page.url()).toContain('status=handled');

    await navigate(page, 'Worklist', 'Worklist of collector-1');
    const item = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'C-REPLY' }) });
    await item.getByRole('cell', { name: 'call now' }).waitFor();
  });

  it('given a dispute past its target date, when a manager opens the Disputes board, then it is first and marked, and reassigning it to another team, person and date moves it off the late list', async () => {
    const page = await openAs('manager');
    await navigate(page, 'Disputes', 'Disputes');
    const summary = page.getByRole('table', { name: 'Open disputes by owner' });
    await summary.getByRole('row').nth(1).waitFor();
    expect(await summary.getByRole('row').allTextContents()).toEqual(['OwnerOpenPast target', 'quality11', 'sales10']);
    const late = page.getByRole('table', { name: 'Disputes of quality' }).getByRole('row').filter({ hasText: 'C-LATE' });
    expect(await late.getByRole('cell').allTextContents()).toEqual([
      'C-LATE',
      'C-LATE-INV',
      '€250.00, damaged goods',
      '2024-06-01',
      '2024-06-10',
      '20 days past target',
      '—',
      expect.stringContaining('Reassign'),
    ]);
    expect(
      await page.getByRole('table', { name: 'Disputes of sales' }).getByRole('row').filter({ hasText: 'C-ONTIME' }).textContent(),
    ).toContain('on time');
    // The late owners come first.
    expect(await page.getByRole('heading', { level: 2 }).allTextContents()).toEqual(['Disputes of quality', 'Disputes of sales']);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('Past target only').check();
    await page.getByRole('table', { name: 'Disputes of sales' }).waitFor({ state: 'detached' });
    expect(page.url()).toContain('pastTarget=true');

    await late.getByRole('button', { name: 'Reassign the dispute of C-LATE on C-LATE-INV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reassign the dispute of C-LATE on C-LATE-INV' });
    // The form's own check: a team is needed, said next to the field, and nothing is sent.
    await dialog.getByLabel('Team').fill('');
    await dialog.getByRole('button', { name: 'Reassign' }).click();
    await dialog.getByText('Choose the team that answers it').waitFor();
    // The service's: a team the policy does not route disputes to, and a person's id that is not one, are each refused next to their field.
    await dialog.getByLabel('Team').fill('marketing');
    await dialog.getByRole('button', { name: 'Reassign' }).click();
    await dialog.getByText('Team marketing is not one the policy gives disputes to: sales, logistics, billing, quality').waitFor();
    await dialog.getByLabel('Team').fill('logistics');
    await dialog.getByLabel('Person').fill('lina petraitė');
    await dialog.getByRole('button', { name: 'Reassign' }).click();
    await dialog.getByText('ownerId must start with a letter or digit and hold only letters, digits and . _ : -').waitFor();
    expect(await dialog.getByLabel('Person').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.getByRole('alert').count()).toBe(0);
    expect(await dialog.getByLabel('Team').inputValue()).toBe('logistics');
    expect(await seriousViolations(page)).toEqual([]);
    await dialog.getByLabel('Person').fill('lina');
    await dialog.getByLabel('Target date').fill('2024-07-15');
    await dialog.getByRole('button', { name: 'Reassign' }).click();
    await page.getByRole('status').filter({ hasText: 'Reassigned the dispute of C-LATE on C-LATE-INV to logistics (lina).' }).waitFor();
    // No longer late: it leaves the past-target list.
    await page.getByText('No open dispute is past its target.').waitFor();
    expect((await history('C-LATE')).at(-1)).toMatchObject({
      type: 'DisputeAssigned',
      data: { disputeId: 'D-LATE', ownerTeam: 'logistics', ownerId: 'lina', targetOn: '2024-07-15' },
    });
  });

  it('given a collector, when they open the Disputes board, then they see it but cannot reassign', async () => {
    const page = await openAs('collector');
    await navigate(page, 'Disputes', 'Disputes');
    await page.getByRole('link', { name: 'C-ONTIME' }).waitFor();
    expect(await page.getByRole('button', { name: /^Reassign/ }).count()).toBe(0);
  });

  it('given a customer who promised on its page, replied, and had a letter bounce, when staff open the customer, then the timeline shows the promise by the customer and, on asking, the reply’s text, and each letter its reply address and the bounced one failed', async () => {
    const page = await openCustomerAs(rig, 'collector', 'C-SELF');
    const timeline = page.getByRole('list', { name: 'Timeline' });
    const promise = timeline.getByRole('listitem').filter({ hasText: 'Promise of €500.00 for 2024-07-10 made' });
    await promise.waitFor();
    await promise.getByText('customer', { exact: true }).waitFor();
    expect(await promise.textContent()).toContain('by customer:C-SELF (customer)');

    const replied = timeline
      .getByRole('listitem')
      .filter({ hasText: "Reply from Pat O'Neill <pat.oneill@gmail.example>: “Re: Payment reminder: invoice INV-1 is overdue”" });
    const text = /We dispute INV-1: the goods arrived damaged/;
    expect(await replied.getByText(text).count()).toBe(0);
    await replied.getByRole('button', { name: 'Show the reply' }).click();
    await replied.getByText(text).waitFor();
    await timeline
      .getByRole('listitem')
      .filter({ hasText: /^Letter bounced: / })
      .waitFor();

    const letters = page.getByRole('list', { name: 'Letters' }).getByRole('listitem');
    await letters.nth(1).waitFor();
    expect(await letters.count()).toBe(2);
    for (const letter of await letters.all())
      expect(await letter.textContent()).toMatch(/Replies go to: reply\+[0-9a-f-]+@replies\.example\.com/);
    expect(await letters.filter({ hasText: 'Delivery: failed: it came back (bounced: 550 5.1.1 mailbox unknown)' }).count()).toBe(1);
    // Revoking a link is a manager's.
    expect(await page.getByRole('button', { name: /^Revoke link/ }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('given a letter with a link, when a manager revokes the link, then the letter says so and the history records it', async () => {
    const page = await openCustomerAs(rig, 'manager', 'C-SELF');
    const letter = page.getByRole('list', { name: 'Letters' }).getByRole('listitem').filter({ hasText: 'level 1' });
    await letter.getByRole('button', { name: /^Revoke link/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke link' });
    await dialog.getByLabel('Reason').fill('Sent to the wrong address');
    await dialog.getByRole('button', { name: 'Revoke link' }).click();
    await letter.getByText('Link revoked on 2024-06-30: Sent to the wrong address').waitFor();
    expect(await letter.getByRole('button', { name: /^Revoke link/ }).count()).toBe(0);
    expect((await history('C-SELF')).at(-1)).toMatchObject({
      type: 'CustomerLinkRevoked',
      data: { revokedOn: '2024-06-30', reason: 'Sent to the wrong address' },
    });
    // The customer's page no longer opens from it.
    expect((await rig.api.withAuthorization().get(`/pay/${link}/account`).expect(410)).body).toMatchObject({ reason: 'revoked' });
  });
});
