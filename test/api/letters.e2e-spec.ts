import { addDays } from '@collections/domain';
import { checkCustomerLink, loadOrCreateLinkSecret } from '@collections/customer-links';
import { LETTER_OUTBOX, LetterOutbox, letterIdFor } from '@collections/letters';
import { aLetter } from '@collections/letters/testing/letter-fixtures';
import { PolicyEngine } from '@collections/policy-engine';
import { ROLES } from '@collections/accounts';
import { PROBLEM_JSON, TestApi, startApi } from './harness';

/**
 * A customer's letters as the outbox keeps them: the text as it went out, in sending order,
 * with where each delivery stands. The letters are stored straight into the outbox the service
 * reads, as the policy engine stores them.
 */
describe("a customer's letters", () => {
  let api: TestApi;
  let outbox: LetterOutbox;

  beforeEach(async () => {
    api = await startApi();
    outbox = api.app.get(LETTER_OUTBOX);
  });
  afterEach(() => api.close());

  const reminder = aLetter({ level: 1, sentOn: '2024-02-20' });
  const firm = aLetter({
    level: 2,
    tone: 'firm',
    channel: 'letter',
    to: undefined,
    sentOn: '2024-03-05',
    invoiceIds: ['INV-1', 'INV-2'],
    subject: 'Reminder 2: overdue payment of €250.00',
    text: 'Acme Buyer GmbH\nHauptstraße 1\n\nInvoices INV-1 and INV-2 are open: €250.00.\n',
  });
  const notice = aLetter({
    letterId: letterIdFor('ACME-1', 'final_notice', 'FN-1'),
    kind: 'final_notice',
    level: 3,
    tone: 'final',
    sentOn: '2024-03-20',
    subject: 'FINAL NOTICE: referral to a collection agency on 3 April 2024',
  });

  it('given letters stored out of order, when a collector lists them, then they come by sending date with their text and delivery', async () => {
    await outbox.store(notice);
    await outbox.store(firm);
    await outbox.store(reminder);
    await outbox.store(aLetter({ customerId: 'OTHER-1' }));

    const { body } = await api.as('collector').get('/customers/ACME-1/letters').expect(200);

    expect(body).toEqual({
      letters: [reminder, firm, notice].map((letter) => ({
        letterId: letter.letterId,
        kind: letter.kind,
        level: letter.level,
        channel: letter.channel,
        tone: letter.tone,
        sentOn: letter.sentOn,
        invoiceIds: letter.invoiceIds,
        subject: letter.subject,
        text: letter.text,
        delivery: { state: 'pending', attempts: 0 },
      })),
    });
  });

  it('given a letter stored with its HTML and one from before letters had any, when listed, then the first has its html beside the text and the second text only', async () => {
    const withHtml = aLetter({
      level: 2,
      sentOn: '2024-03-05',
      html: '<!DOCTYPE html>\n<html><body><p>Smith &amp; Sons</p></body></html>\n',
    });
    await outbox.store(reminder);
    await outbox.store(withHtml);

    const { body } = await api.as('collector').get('/customers/ACME-1/letters').expect(200);

    expect(body.letters[0]).not.toHaveProperty('html');
    expect(body.letters[1]).toMatchObject({ text: withHtml.text, html: withHtml.html });
  });

  it('given a letter with its own reply address and one stored before letters had any, when listed, then the first answers its replyTo and the second none', async () => {
    const withReplyTo = aLetter({
      level: 2,
      sentOn: '2024-03-05',
      replyTo: `reply+${aLetter({ level: 2 }).letterId}@replies.acme.example`,
    });
    await outbox.store(reminder);
    await outbox.store(withReplyTo);

    const { body } = await api.as('collector').get('/customers/ACME-1/letters').expect(200);

    expect(body.letters[0]).not.toHaveProperty('replyTo');
    expect(body.letters[1]).toMatchObject({ letterId: withReplyTo.letterId, replyTo: withReplyTo.replyTo });
  });

  it("given staff mail about the customer (a reminder to a dispute's owner) beside their letters, then only the letters are listed", async () => {
    await outbox.store(reminder);
    await outbox.store(
      aLetter({
        letterId: letterIdFor('ACME-1', 'dispute_reminder', 'D-1:2024-02-26'),
        kind: 'dispute_reminder',
        level: 0,
        tone: 'internal',
        to: 'logistics@acme.example',
        subject: 'Dispute D-1 of ACME-1 is 1 day past its target date',
      }),
    );

    const { body } = await api.as('manager').get('/customers/ACME-1/letters').expect(200);

    expect(body.letters.map((letter: { letterId: string }) => letter.letterId)).toEqual([reminder.letterId]);
  });

  it('given two letters sent the same day, then the one stored first comes first', async () => {
    const later = aLetter({ level: 5, sentOn: '2024-04-01', subject: 'Stored first' });
    const earlier = aLetter({ level: 4, sentOn: '2024-04-01', subject: 'Stored second' });
    await outbox.store(later);
    await outbox.store(earlier);

    const { body } = await api.as('analyst').get('/customers/ACME-1/letters').expect(200);

    expect(body.letters.map((letter: { subject: string }) => letter.subject)).toEqual(['Stored first', 'Stored second']);
  });

  it('given one letter delivered and one that failed, then each shows where its delivery stands', async () => {
    await outbox.store(reminder);
    await outbox.store(firm);
    await outbox.deliverPending(
      {
        deliver: async (letter) => {
          if (letter.channel === 'letter') throw new Error('ESOCKET: connect ECONNREFUSED 127.0.0.1:25');
          return { transportId: 'file:reminder.eml' };
        },
      },
      { now: '2024-06-30T12:00:00.000Z' },
    );

    const { body } = await api.as('auditor').get('/customers/ACME-1/letters').expect(200);

    expect(body.letters.map((letter: { delivery: object }) => letter.delivery)).toEqual([
      { state: 'delivered', attempts: 0, deliveredAt: '2024-06-30T12:00:00.000Z' },
      { state: 'pending', attempts: 1, lastError: expect.stringContaining('ECONNREFUSED'), nextAttemptAt: '2024-06-30T12:01:00.000Z' },
    ]);
  });

  it('given a customer without letters, then the list is empty rather than not found', async () => {
    await outbox.store(reminder);
    await api.as('manager').get('/customers/NOBODY-1/letters').expect(200, { letters: [] });
  });

  it('given each role, then everyone who reads accounts may list letters, and integrations, metrics scrapers and customers may not', async () => {
    await outbox.store(reminder);
    const refused = ['integration', 'monitoring', 'customer'];
    for (const role of ROLES) {
      const response = await api.as(role).get('/customers/ACME-1/letters');
      expect({ role, status: response.status }).toEqual({ role, status: refused.includes(role) ? 403 : 200 });
    }
  });

  it('given a customer id that is not an id, then it is a 400 naming the path parameter', async () => {
    const response = await api.as('collector').get('/customers/%20bad/letters').expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({
      type: 'urn:collections:problem:invalid-request',
      errors: [expect.objectContaining({ pointer: '/customerId' })],
    });
  });
});

describe("the letters the engine of an api writes: the customer's link and the letter's reply address", () => {
  let api: TestApi;
  beforeEach(async () => {
    api = await startApi({
      env: {
        POLICY_ENGINE: 'hosted',
        POLICY_RUN_INTERVAL_MINUTES: '0',
        LETTER_DELIVERY_INTERVAL_SECONDS: '86400',
        PUBLIC_URL: 'https://collect.seller.example',
        INBOUND_MAIL_DOMAIN: 'replies.seller.example',
      },
    });
  });
  afterEach(() => api.close());

  it("given an overdue invoice reminded, when its letters are listed, then each text carries the customer's absolute link, signed for them and that letter, and its replyTo is the letter's own address", async () => {
    const invoice = { invoiceId: 'INV-1', amount: 50_000, currency: 'EUR', issuedOn: '2024-01-10', dueOn: '2024-02-09' };
    await api.as('integration').post('/customers/L-1/invoices', invoice).expect(201);
    await api.app.get(PolicyEngine).runDays('2024-02-06', '2024-02-16');
    await api.app.get(PolicyEngine).writeAndDeliverLetters();

    const { body } = await api.as('collector').get('/customers/L-1/letters').expect(200);

    expect(body.letters).toHaveLength(2);
    // The secret the embedded mode generated into DATA_DIR: the one the api checks links with.
    const secret = loadOrCreateLinkSecret(api.dataDir, undefined);
    for (const letter of body.letters as { letterId: string; sentOn: string; text: string; replyTo: string }[]) {
      const [, token] = /https:\/\/collect\.seller\.example\/pay\/(\S+)/.exec(letter.text) ?? [];
      expect(checkCustomerLink(token, secret, letter.sentOn)).toEqual({
        valid: true,
        claims: { customerId: 'L-1', letterId: letter.letterId, expiresOn: addDays(letter.sentOn, 30) },
      });
      expect(letter.replyTo).toBe(`reply+${letter.letterId}@replies.seller.example`);
    }
  });
});

describe("the letters outbox and the service's life", () => {
  it('given the service shuts down, then the outbox it opened is closed with it', async () => {
    const api = await startApi();
    const outbox: LetterOutbox = api.app.get(LETTER_OUTBOX);
    await outbox.store(aLetter());

    await api.close();

    await expect(outbox.lettersOf('ACME-1')).rejects.toThrow('closed');
  });
});
