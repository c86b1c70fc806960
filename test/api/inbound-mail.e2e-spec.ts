import { randomUUID } from 'node:crypto';
import { CustomerAccounts } from '@collections/accounts';
import { waitingMessagesOf } from '@collections/domain';
import { inboundFixture } from '@collections/inbound-mail/testing/inbound-fixtures';
import { PROBLEM_JSON, TestApi } from './harness';
import { REPLY_DOMAIN, customerWithLetter, eventually, startInboundApi } from './inbound-mail-world';

const RFC822 = { 'Content-Type': 'message/rfc822' };

/**
 * Replies to letters as a mail provider's inbound-parse webhook posts them (raw MIME, role
 * integration): recorded on the customer of the letter they answer as CustomerReplied; a person's
 * reply waits for a collector (and so pauses dunning), an out-of-office does not, a bounce marks
 * the letter failed (the engine's bounce marker does, from the event).
 */
describe('POST /inbound-mail', () => {
  let api: TestApi;
  let letterId: string;
  const fixture = (name: Parameters<typeof inboundFixture>[0], letter = letterId) =>
    inboundFixture(name, { letterId: letter, domain: REPLY_DOMAIN }).toString('utf8');
  const history = async () => (await api.as('auditor').get('/customers/ACME-1/history').expect(200)).body.events as HistoryEvent[];
  const waiting = async () => {
    const { state } = await api.app.get(CustomerAccounts).load('ACME-1');
    if (state.status !== 'active') throw new Error('ACME-1 has an account');
    return waitingMessagesOf(state);
  };

  beforeEach(async () => {
    api = await startInboundApi();
    letterId = await customerWithLetter(api, 'ACME-1');
  });
  afterEach(() => api.close());

  it("given a customer's reply to the letter's reply address, then it is a CustomerReplied on the customer's history, waiting for a collector", async () => {
    const { body } = await api.as('integration').post('/inbound-mail', fixture('outlook-reply'), RFC822).expect(201);

    expect(body).toEqual({ customerId: 'ACME-1', replyId: expect.any(String), kind: 'reply', letterId });
    const replied = (await history()).filter((event) => event.type === 'CustomerReplied');
    expect(replied).toEqual([
      expect.objectContaining({
        data: {
          replyId: body.replyId,
          kind: 'reply',
          letterId,
          from: 'Jane Buyer <jane.buyer@acme-industrial.example>',
          subject: 'RE: Payment reminder: invoice INV-1 is overdue',
          receivedAt: '2024-03-05T12:00:00.000Z',
          receivedOn: '2024-03-05',
          attachments: [{ name: 'remittance-advice.pdf', size: 257, contentType: 'application/pdf' }],
          text: expect.stringContaining('We paid invoice INV-1 on 1 March by bank transfer (reference ACME-4471)'),
        },
        metadata: expect.objectContaining({ actor: { id: 'integration-1', role: 'integration' } }),
      }),
    ]);
    expect(await waiting()).toEqual([expect.objectContaining({ messageId: body.replyId, kind: 'reply', letterId, status: 'waiting' })]);
  });

  it("given a recorded reply, then an analyst's history and export show that it came but withhold its sender, subject, words and file names", async () => {
    await api.as('integration').post('/inbound-mail', fixture('outlook-reply'), RFC822).expect(201);

    const analysts = (await api.as('analyst').get('/customers/ACME-1/history').expect(200)).body.events as HistoryEvent[];
    const withheld = '(withheld: only managers, collectors and auditors read replies)';
    const reply = analysts.find((event) => event.type === 'CustomerReplied');
    expect(reply?.data).toEqual({
      replyId: expect.any(String),
      kind: 'reply',
      letterId,
      from: withheld,
      subject: withheld,
      receivedAt: '2024-03-05T12:00:00.000Z',
      receivedOn: '2024-03-05',
      attachments: [{ name: withheld, size: 257, contentType: 'application/pdf' }],
      text: withheld,
    });
    const exported = await api.as('analyst').get('/customers/ACME-1/history/export?format=csv').expect(200);
    expect(exported.text).not.toContain('ACME-4471');
    expect(exported.text).not.toContain('jane.buyer');
    // A collector who handles it reads every word.
    const collectors = (await api.as('collector').get('/customers/ACME-1/history').expect(200)).body.events as HistoryEvent[];
    expect(collectors.find((event) => event.type === 'CustomerReplied')?.data).toMatchObject({
      text: expect.stringContaining('ACME-4471'),
    });
  });

  it('given the same message posted twice (a webhook retried), then the second is answered 200 with the same reply and appends nothing', async () => {
    const first = await api.as('integration').post('/inbound-mail', fixture('gmail-in-reply-to'), RFC822).expect(201);
    const length = await api.streamLength('ACME-1');

    const again = await api.as('integration').post('/inbound-mail', fixture('gmail-in-reply-to'), RFC822).expect(200);

    expect(again.body).toEqual(first.body);
    expect(await api.streamLength('ACME-1')).toBe(length);
  });

  it('given an out-of-office, then it is recorded as an automatic reply and nothing waits', async () => {
    const { body } = await api.as('integration').post('/inbound-mail', fixture('out-of-office'), RFC822).expect(201);

    expect(body).toMatchObject({ kind: 'auto_reply', letterId });
    expect((await history()).filter((event) => event.type === 'CustomerReplied').map((event) => event.data.kind)).toEqual(['auto_reply']);
    expect(await waiting()).toEqual([]);
  });

  it('given a bounce of the letter, then it is recorded as a bounce, nothing waits, and the letter is listed as failed with the reason', async () => {
    const { body } = await api.as('integration').post('/inbound-mail', fixture('dsn-bounce'), RFC822).expect(201);

    expect(body).toMatchObject({ kind: 'bounce', letterId });
    expect(await waiting()).toEqual([]);
    let delivery: { state: string; lastError?: string; failedAt?: string } | undefined;
    await eventually(async () => {
      delivery = (await api.as('collector').get('/customers/ACME-1/letters').expect(200)).body.letters[0].delivery;
      return delivery?.state === 'failed';
    }, 'the bounced letter is failed');
    expect(delivery).toMatchObject({
      lastError: expect.stringMatching(/^bounced: 5\.1\.1 smtp; 550 5\.1\.1/),
      failedAt: '2024-03-05T12:00:00.000Z',
    });
  });

  it('given input that is no e-mail, then 400; an e-mail that names no letter, or one never sent, then 422; and nothing is appended', async () => {
    const length = await api.streamLength('ACME-1');
    const integration = api.as('integration');

    const garbage = await integration
      .post('/inbound-mail', 'We paid yesterday, please stop.', RFC822)
      .expect(400)
      .expect('Content-Type', PROBLEM_JSON);
    expect(garbage.body.detail).toMatch(/not an e-mail message/);
    await integration.post('/inbound-mail', '', RFC822).expect(400);
    const stranger = 'From: a@b.example\r\nTo: sales@replies.example.com\r\nSubject: Offer\r\n\r\nBuy now.\r\n';
    const noLetter = await integration.post('/inbound-mail', stranger, RFC822).expect(422).expect('Content-Type', PROBLEM_JSON);
    expect(noLetter.body).toMatchObject({ code: 'no-letter', detail: expect.stringContaining('names no letter') });
    const neverSent = await integration.post('/inbound-mail', fixture('outlook-reply', randomUUID()), RFC822).expect(422);
    expect(neverSent.body).toMatchObject({ code: 'unknown-letter', detail: expect.stringContaining('never sent from here') });
    await integration.post('/inbound-mail', { raw: 'not as JSON' }).expect(415);

    expect(await api.streamLength('ACME-1')).toBe(length);
  });

  it('given a collector, a manager or no key, then the raw message is refused; only integrations post replies', async () => {
    for (const role of ['collector', 'manager', 'auditor'] as const) {
      await api.as(role).post('/inbound-mail', fixture('outlook-reply'), RFC822).expect(403);
    }
    await api.withAuthorization().post('/inbound-mail', fixture('outlook-reply'), RFC822).expect(401);
    expect(await waiting()).toEqual([]);
  });
});

interface HistoryEvent {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}
