import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fold, invoiceRegistered, reminderSent } from '@collections/domain/testing/decider-specification';
import { createLetterDelivery } from '../embedded';
import { LetterNotDeliverableError } from '../errors';
import { SqliteLetterOutbox } from '../outbox/sqlite-letter-outbox';
import { LetterRenderer } from '../rendering/render-letter';
import { aLetter } from '../testing/letter-fixtures';
import { SmtpTestServer } from '../testing/smtp-test-server';
import { SmtpLetterDelivery } from './smtp-letter-delivery';

const FROM = 'Acme Receivables <receivables@acme.example>';
const T0 = '2024-02-20T09:00:00.000Z';
const after = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();
const MINUTE = 60_000;

describe('SmtpLetterDelivery through a real SMTP server', () => {
  let directory: string;
  let server: SmtpTestServer;
  let outbox: SqliteLetterOutbox;
  const closers: (() => unknown)[] = [];

  const smtpDelivery = (port = server.port): SmtpLetterDelivery => {
    const delivery = new SmtpLetterDelivery({
      from: FROM,
      smtp: { host: '127.0.0.1', port, secure: false },
      now: () => new Date('2024-02-20T09:00:00Z'),
    });
    closers.push(() => delivery.close());
    return delivery;
  };

  beforeEach(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'letters-smtp-'));
    outbox = new SqliteLetterOutbox(path.join(directory, 'letters.sqlite'));
    server = await SmtpTestServer.start();
  });

  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await server.stop();
    await outbox.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('given a pending e-mail letter, when the outbox delivers it, then the server receives it once with its Message-ID, subject and text', async () => {
    const letter = aLetter({
      subject: 'Payment reminder – 1 overdue invoice',
      text: 'Dear customer,\n\n.\nA line with a dot.\n€100.00 is open.\n',
    });
    await outbox.store(letter);
    const delivery = smtpDelivery();

    const run = await outbox.deliverPending(delivery, { now: T0 });
    await outbox.deliverPending(delivery, { now: after(MINUTE) });

    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail.mailFrom).toBe('receivables@acme.example');
    expect(mail.rcptTo).toEqual(['payables@buyer.example']);
    expect(mail.message.header('message-id')).toBe(`<${letter.letterId}@collections>`);
    expect(mail.message.header('subject')).toBe(letter.subject);
    expect(mail.message.header('to')).toBe('payables@buyer.example');
    expect(mail.message.body).toBe(letter.text);
    expect(run.delivered).toEqual([{ letterId: letter.letterId, transportId: expect.stringMatching(/^250 /) }]);
    expect((await outbox.letter(letter.letterId))?.delivery).toMatchObject({ state: 'delivered', deliveredAt: T0 });
  });

  it('given a letter with its own reply address, when delivered, then that address is both its Reply-To and its envelope sender, so bounces come back to it', async () => {
    const replyTo = `reply+${aLetter().letterId}@replies.acme.example`;
    await outbox.store(aLetter({ replyTo }));

    await outbox.deliverPending(smtpDelivery(), { now: T0 });

    const [mail] = server.received;
    expect(mail.mailFrom).toBe(replyTo);
    expect(mail.rcptTo).toEqual(['payables@buyer.example']);
    expect(mail.message.header('reply-to')).toBe(replyTo);
    expect(mail.message.header('from')).toContain('receivables@acme.example');
  });

  it("given a rendered letter, when the outbox delivers it, then the server receives one multipart/alternative message whose text and HTML parts are the letter's", async () => {
    const renderer = new LetterRenderer({ creditor: { name: 'Smith & Sons <Ltd>' } });
    const event = reminderSent({ invoiceIds: ['INV-1'], sentOn: '2024-02-20' });
    const letter = {
      ...renderer.render({ customerId: 'ACME-1', account: fold([invoiceRegistered(), event]), event }),
      to: 'payables@buyer.example',
    };
    await outbox.store(letter);

    await outbox.deliverPending(smtpDelivery(), { now: T0 });

    const [mail] = server.received;
    expect(mail.message.header('content-type')).toMatch(/^multipart\/alternative; boundary=/);
    expect(mail.message.parts.map((part) => part.header('content-type'))).toEqual([
      'text/plain; charset=utf-8',
      'text/html; charset=utf-8',
    ]);
    expect(mail.message.part('text/plain')?.body).toBe(letter.text);
    expect(mail.message.part('text/html')?.body).toBe(letter.html);
    // the same letter twice: plain in the text, escaped in the HTML
    expect(letter.text).toMatch(/^Smith & Sons <Ltd>\n/);
    expect(letter.html).toContain('<p>Smith &amp; Sons &lt;Ltd&gt;</p>');
    expect(letter.html).toContain('<td>INV-1</td>');
  });

  it('given a server that refuses messages, when delivered, then the letter stays pending with the error and a backoff, and once the server recovers it is sent exactly once', async () => {
    const letter = aLetter();
    await outbox.store(letter);
    const delivery = smtpDelivery();
    server.refuseMessages(451, 'Requested action aborted: local error in processing');

    const failed = await outbox.deliverPending(delivery, { now: T0 });

    expect(server.received).toHaveLength(0);
    expect(failed.failed).toEqual([
      { letterId: letter.letterId, attempts: 1, error: expect.stringContaining('451'), nextAttemptAt: after(MINUTE) },
    ]);
    expect((await outbox.letter(letter.letterId))?.delivery).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('Requested action aborted'),
      nextAttemptAt: after(MINUTE),
    });

    server.acceptMessages();
    const tooEarly = await outbox.deliverPending(delivery, { now: after(MINUTE - 1) });
    const recovered = await outbox.deliverPending(delivery, { now: after(MINUTE) });
    const afterwards = await outbox.deliverPending(delivery, { now: after(60 * MINUTE) });

    expect(tooEarly).toEqual({ delivered: [], failed: [] });
    expect(recovered.delivered).toHaveLength(1);
    expect(afterwards).toEqual({ delivered: [], failed: [] });
    expect(server.received.map((mail) => mail.message.header('message-id'))).toEqual([`<${letter.letterId}@collections>`]);
  });

  it('given the server is down, when delivered, then the letter stays pending, and once a server listens again it is sent exactly once', async () => {
    const letter = aLetter();
    await outbox.store(letter);
    const port = server.port;
    const delivery = smtpDelivery(port);
    await server.stop();

    const down = await outbox.deliverPending(delivery, { now: T0 });

    expect(down.failed).toEqual([
      { letterId: letter.letterId, attempts: 1, error: expect.stringContaining('ECONNREFUSED'), nextAttemptAt: after(MINUTE) },
    ]);

    server = await SmtpTestServer.start(port);
    await outbox.deliverPending(delivery, { now: after(MINUTE) });
    await outbox.deliverPending(delivery, { now: after(2 * MINUTE) });

    expect(server.received).toHaveLength(1);
    expect(server.received[0].message.body).toBe(letter.text);
    expect((await outbox.letter(letter.letterId))?.delivery.state).toBe('delivered');
  });

  it('given a letter handed over twice (a crash before the outbox marked it), when sent, then both copies carry the same Message-ID', async () => {
    const letter = aLetter();
    const delivery = smtpDelivery();

    await delivery.deliver(letter);
    await delivery.deliver(letter);

    expect(server.received.map((mail) => mail.message.header('message-id'))).toEqual([
      `<${letter.letterId}@collections>`,
      `<${letter.letterId}@collections>`,
    ]);
  });

  it('given an e-mail letter without an address, when delivered, then it is refused without contacting the server and stays pending', async () => {
    const letter = aLetter({ to: undefined });
    await outbox.store(letter);

    await expect(smtpDelivery().deliver(letter)).rejects.toThrow(LetterNotDeliverableError);
    const run = await outbox.deliverPending(smtpDelivery(), { now: T0 });

    expect(run.failed[0].error).toMatch(/needs the recipient address/);
    expect(server.received).toHaveLength(0);
  });

  it('given SMTP is configured, when letters of each channel are delivered, then e-mail goes by SMTP and postal and SMS letters to the file outbox', async () => {
    const delivery = createLetterDelivery({
      dataDir: directory,
      from: FROM,
      smtp: { host: '127.0.0.1', port: server.port, secure: false },
    });
    closers.push(() => delivery.close());
    const email = aLetter({ level: 1 });
    const postal = aLetter({ level: 2, channel: 'letter', to: undefined });
    const sms = aLetter({ level: 3, channel: 'sms', to: undefined });

    const receipts = [await delivery.deliver(email), await delivery.deliver(postal), await delivery.deliver(sms)];

    expect(server.received.map((mail) => mail.message.header('x-collections-letter-id'))).toEqual([email.letterId]);
    expect(readdirSync(path.join(directory, 'outbox')).sort()).toEqual([`${postal.letterId}.eml`, `${sms.letterId}.eml`].sort());
    expect(receipts.map((receipt) => receipt.transportId.startsWith('file:'))).toEqual([false, true, true]);
  });

  it('given no SMTP settings (embedded), when an e-mail letter is delivered, then it goes to the file outbox', async () => {
    const delivery = createLetterDelivery({ dataDir: directory, from: FROM });
    const letter = aLetter();

    expect(await delivery.deliver(letter)).toEqual({ transportId: `file:${letter.letterId}.eml` });
    expect(server.received).toHaveLength(0);
  });
});
