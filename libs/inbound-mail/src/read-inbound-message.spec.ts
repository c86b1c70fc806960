import { bounceReasonOf } from './delivery-status';
import { InboundMailError } from './errors';
import { MAX_TEXT_LENGTH, readInboundMessage } from './read-inbound-message';
import { inboundFixture } from './testing/inbound-fixtures';

const letterId = '3f1c2b7a-9d4e-5f60-8a1b-2c3d4e5f6a7b';
const domain = 'replies.example.com';
const fixture = (name: Parameters<typeof inboundFixture>[0]) => inboundFixture(name, { letterId, domain });

/** A refusal of `raw`, as the typed error it is. */
async function refusalOf(raw: Buffer, envelopeRecipients?: string[]): Promise<InboundMailError> {
  const error: unknown = await readInboundMessage(raw, { domain, envelopeRecipients }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InboundMailError);
  return error as InboundMailError;
}

describe('reading an inbound message', () => {
  it('given an Outlook reply to the reply address with quoted text and a PDF, then it is a reply to that letter, its text kept and the PDF named', async () => {
    const message = await readInboundMessage(fixture('outlook-reply'), { domain });

    expect(message).toMatchObject({
      kind: 'reply',
      letterId,
      messageId: '<AM7PR03MB6481A2C1F0E1B2D3C4E5F6A7B8C9D0E1F2A3@AM7PR03MB6481.eurprd03.prod.outlook.com>',
      from: 'Jane Buyer <jane.buyer@acme-industrial.example>',
      subject: 'RE: Payment reminder: invoice INV-1 is overdue',
      receivedAt: '2024-03-05T09:14:07.000Z',
      attachments: [{ name: 'remittance-advice.pdf', size: 257, contentType: 'application/pdf' }],
    });
    // The plain part, decoded from ISO-8859-1 quoted-printable; the quoted letter stays for staff to read.
    expect(message.text).toContain('We paid invoice INV-1 on 1 March by bank transfer (reference ACME-4471)');
    expect(message.text).toContain('Accounts payable – ACME Industrial');
    expect(message.text).toContain('> invoice INV-1 of 1,200.00 EUR was due on 15 February.');
    // Names and sizes only: nothing of the PDF's content.
    expect(JSON.stringify(message)).not.toContain('Remittance ACME-4471');
  });

  it('given a Gmail reply to the sender address, then the letter is found by its In-Reply-To', async () => {
    const message = await readInboundMessage(fixture('gmail-in-reply-to'), { domain });

    expect(message).toMatchObject({ kind: 'reply', letterId, from: "Pat O'Neill <pat.oneill@gmail.example>", attachments: [] });
    expect(message.text).toMatch(/^We dispute INV-1: the goods arrived damaged\. Please send a credit note — photos on request\./);
  });

  it('given an envelope recipient naming a letter, then that letter wins over the headers', async () => {
    const other = '0b9d7c3e-1a2b-5c4d-8e6f-7a8b9c0d1e2f';

    const message = await readInboundMessage(fixture('gmail-in-reply-to'), { domain, envelopeRecipients: [`reply+${other}@${domain}`] });

    expect(message.letterId).toBe(other);
  });

  it('given an out-of-office with Auto-Submitted: auto-replied, then it is an automatic reply', async () => {
    const message = await readInboundMessage(fixture('out-of-office'), { domain });

    expect(message).toMatchObject({ kind: 'auto_reply', letterId, subject: 'Automatic reply: Payment reminder: invoice INV-1 is overdue' });
  });

  it.each([
    ['X-Autoreply: yes', 'Re: invoice'],
    ['X-Autorespond: vacation', 'Re: invoice'],
    ['Precedence: auto_reply', 'Re: invoice'],
    ['X-Auto-Response-Suppress: All', 'Out of Office: invoice'],
  ])('given %s and the subject "%s", then it is an automatic reply', async (header, subject) => {
    const raw = Buffer.from(`From: a@b.example\r\nTo: reply+${letterId}@${domain}\r\nSubject: ${subject}\r\n${header}\r\n\r\nAway.\r\n`);

    expect((await readInboundMessage(raw, { domain })).kind).toBe('auto_reply');
  });

  it('given Auto-Submitted: no, or Exchange suppression on a message a person wrote, then it is a reply', async () => {
    const raw = (headers: string) =>
      Buffer.from(
        `From: a@b.example\r\nTo: reply+${letterId}@${domain}\r\nSubject: Re: invoice INV-1\r\n${headers}\r\n\r\nWe pay Friday.\r\n`,
      );

    expect((await readInboundMessage(raw('Auto-Submitted: no'), { domain })).kind).toBe('reply');
    expect((await readInboundMessage(raw('X-Auto-Response-Suppress: All'), { domain })).kind).toBe('reply');
  });

  it('given a Postfix DSN with the original headers, then it is a bounce of the letter they name, and the reason can be read back', async () => {
    const message = await readInboundMessage(fixture('dsn-bounce'), { domain });

    expect(message).toMatchObject({ kind: 'bounce', letterId, from: 'Mail Delivery System <MAILER-DAEMON@mx.replies.example.com>' });
    expect(message.text).toContain('Recipient address rejected');
    expect(bounceReasonOf(message.text)).toBe(
      '5.1.1 smtp; 550 5.1.1 <billing@acme-closed.example>: Recipient address rejected: User unknown in virtual mailbox table',
    );
    expect(message.attachments).toEqual([{ name: 'headers.txt', size: expect.any(Number), contentType: 'text/rfc822-headers' }]);
  });

  it('given an Exchange NDR with the original message, then it is a bounce of the letter its Message-ID names', async () => {
    const message = await readInboundMessage(fixture('ndr-with-original'), { domain });

    expect(message).toMatchObject({ kind: 'bounce', letterId });
    expect(bounceReasonOf(message.text)).toMatch(/^5\.1\.10 smtp;550 5\.1\.10 RESOLVER\.ADR\.RecipientNotFound/);
  });

  it('given a delivery report that only says the message is delayed, then it is an automatic message, not a bounce', async () => {
    const delayed = fixture('dsn-bounce').toString('utf8').replace('Action: failed', 'Action: delayed');

    expect((await readInboundMessage(Buffer.from(delayed), { domain })).kind).toBe('auto_reply');
  });

  it('given a text longer than the bound, then it is cut and says so', async () => {
    const raw = Buffer.from(
      `From: a@b.example\r\nTo: reply+${letterId}@${domain}\r\nSubject: long\r\n\r\n${'x'.repeat(MAX_TEXT_LENGTH + 10)}\r\n`,
    );

    const { text } = await readInboundMessage(raw, { domain });

    expect(text.startsWith('x'.repeat(MAX_TEXT_LENGTH))).toBe(true);
    expect(text).toMatch(/The message’s text was 100010 characters long; only the first 100000 are kept\.\]$/);
  });

  it('given a message without Message-ID, then the same bytes always get the same id', async () => {
    const raw = Buffer.from(`From: a@b.example\r\nTo: reply+${letterId}@${domain}\r\nSubject: hi\r\n\r\nHello\r\n`);

    const [first, second] = [await readInboundMessage(raw, { domain }), await readInboundMessage(Buffer.from(raw), { domain })];

    expect(first.messageId).toMatch(/^<[0-9a-f]{64}@inbound\.collections>$/);
    expect(second.messageId).toBe(first.messageId);
  });

  it('given nothing, blank lines or text that is no e-mail, then it is refused as such', async () => {
    expect(await refusalOf(Buffer.alloc(0))).toMatchObject({ refusal: 'empty', isMalformed: true });
    expect(await refusalOf(Buffer.from('\r\n\r\n'))).toMatchObject({ refusal: 'empty' });
    expect(await refusalOf(Buffer.from('We paid yesterday, please stop the reminders.'))).toMatchObject({
      refusal: 'not-a-message',
      message: expect.stringMatching(/no header block with a From address/),
    });
    expect(await refusalOf(Buffer.from('Subject: no sender\r\n\r\nbody'))).toMatchObject({ refusal: 'not-a-message' });
  });

  it('given an e-mail to another address, with no letter in its threading headers or on another domain, then it names no letter', async () => {
    const raw = Buffer.from(
      `From: a@b.example\r\nTo: reply+${letterId}@elsewhere.example, someone@${domain}\r\nIn-Reply-To: <abc@mail.example>\r\nSubject: hi\r\n\r\nHello\r\n`,
    );

    expect(await refusalOf(raw)).toMatchObject({ refusal: 'no-letter', isMalformed: false, message: expect.stringContaining(domain) });
  });
});
