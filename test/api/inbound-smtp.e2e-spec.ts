import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import { inboundFixture } from '@collections/inbound-mail/testing/inbound-fixtures';
import { PolicyEngine } from '@collections/policy-engine';
import { TestApi } from './harness';
import { REPLY_DOMAIN, customerWithLetter, eventually, freePort, startInboundApi } from './inbound-mail-world';

/**
 * Replies by real SMTP: nodemailer hands a message to the listener the api starts on
 * INBOUND_SMTP_PORT, as the organisation's MX or relay would. What is recorded is what POST
 * /inbound-mail records; here the policy engine's next run shows what a reply pauses.
 */
describe('the inbound SMTP listener', () => {
  let api: TestApi;
  let port: number;
  const transport = () => nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  const send = (to: string, raw: Buffer) => transport().sendMail({ envelope: { from: 'customer@acme-industrial.example', to: [to] }, raw });
  const replyAddress = (letterId: string) => `reply+${letterId}@${REPLY_DOMAIN}`;
  const fixture = (name: Parameters<typeof inboundFixture>[0], letterId: string) =>
    inboundFixture(name, { letterId, domain: REPLY_DOMAIN });
  const eventsOf = async (customerId: string) =>
    (await api.as('auditor').get(`/customers/${customerId}/history`).expect(200)).body.events as {
      type: string;
      data: { sentOn?: string };
    }[];

  beforeEach(async () => {
    port = await freePort();
    api = await startInboundApi({ INBOUND_SMTP_PORT: String(port) });
  });
  afterEach(() => api.close());

  it("given a reply by SMTP to one customer's letter and an out-of-office to another's, when the engine runs, then only the one who replied gets no reminder", async () => {
    const replied = await customerWithLetter(api, 'ACME-1');
    const away = await customerWithLetter(api, 'ACME-2');

    const info = await send(replyAddress(replied), fixture('gmail-in-reply-to', replied));
    await send(replyAddress(away), fixture('out-of-office', away));

    expect(info.response).toMatch(/^250 2\.0\.0 Recorded as reply /);
    expect((await eventsOf('ACME-1')).filter((event) => event.type === 'CustomerReplied')).toEqual([
      expect.objectContaining({
        data: expect.objectContaining({ kind: 'reply', letterId: replied, from: "Pat O'Neill <pat.oneill@gmail.example>" }),
      }),
    ]);
    expect((await eventsOf('ACME-2')).filter((event) => event.type === 'CustomerReplied')).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ kind: 'auto_reply', letterId: away }) }),
    ]);

    // 25 days past due, the ladder's next reminder is due for both
    await api.app.get(PolicyEngine).runFor('2024-03-05');

    const remindersOn = async (customerId: string) =>
      (await eventsOf(customerId)).filter((event) => event.type === 'ReminderSent' && event.data.sentOn === '2024-03-05');
    expect(await remindersOn('ACME-1')).toEqual([]);
    expect(await remindersOn('ACME-2')).toHaveLength(1);
  });

  it('given a bounce by SMTP, then the letter is failed', async () => {
    const letterId = await customerWithLetter(api, 'ACME-1');

    await send(replyAddress(letterId), fixture('ndr-with-original', letterId));

    await eventually(
      async () => (await api.as('collector').get('/customers/ACME-1/letters').expect(200)).body.letters[0].delivery.state === 'failed',
      'the bounced letter is failed',
    );
  });

  it('given an address that is no letter of ours, then the recipient is refused at RCPT TO with 550 and nothing is recorded', async () => {
    const letterId = await customerWithLetter(api, 'ACME-1');
    const length = await api.streamLength('ACME-1');

    for (const to of [replyAddress(randomUUID()), `sales@${REPLY_DOMAIN}`, `reply+${letterId}@elsewhere.example`]) {
      await expect(send(to, fixture('outlook-reply', letterId))).rejects.toMatchObject({ responseCode: 550, command: 'RCPT TO' });
    }

    expect(await api.streamLength('ACME-1')).toBe(length);
  });

  it('given a message to a letter that names no sender, then it is refused after DATA with 550, so the sender does not retry', async () => {
    const letterId = await customerWithLetter(api, 'ACME-1');

    const noFrom = Buffer.from(`To: ${replyAddress(letterId)}\r\nSubject: hi\r\n\r\nHello\r\n`);

    await expect(send(replyAddress(letterId), noFrom)).rejects.toMatchObject({ responseCode: 550 });
  });
});
