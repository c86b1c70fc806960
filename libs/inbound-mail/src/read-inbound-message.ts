import { createHash } from 'node:crypto';
import { ParsedMail, simpleParser } from 'mailparser';
import type { ReplyAttachment, ReplyKind } from '@collections/domain';
import { DELIVERY_REPORT_HEADING, DeliveryStatusReport, readDeliveryStatus } from './delivery-status';
import { InboundMailError } from './errors';
import { kindOf } from './message-kind';
import { letterAnswered, letterReturned } from './which-letter';

/** What of an inbound message is recorded: who, about which letter, what kind, its text and the names of its attachments. */
export interface InboundMessage {
  /** Its Message-ID, or one derived from its bytes when it has none: the same message always has the same one. */
  messageId: string;
  /** The sender as `Name <address>`, or the address alone. */
  from: string;
  subject: string;
  /** When the nearest mail server received it, by its topmost Received header, when that has a date. */
  receivedAt?: string;
  /** The plain text (or the HTML as text), at most MAX_TEXT_LENGTH characters and a note that it was cut. */
  text: string;
  /** Names, sizes and types only: the content is never kept. */
  attachments: Required<ReplyAttachment>[];
  kind: ReplyKind;
  /** The letter it answers (or, for a bounce, returns). */
  letterId: string;
}

export interface ReadInboundOptions {
  /** The reply addresses' domain (INBOUND_MAIL_DOMAIN): `reply+<letterId>@<domain>`. */
  domain: string;
  /** The SMTP envelope's RCPT TO addresses, when the message came by SMTP. */
  envelopeRecipients?: readonly string[];
}

/** Longer texts are cut: the event keeps a reply, not a mailbox. */
export const MAX_TEXT_LENGTH = 100_000;
/** HTML longer than this is not converted to text (the conversion's cost grows with it). */
const MAX_HTML_TO_TEXT = 2_000_000;

const PARSER_OPTIONS = {
  // The returned original of a bounce, and a forwarded message, stay attachments: their headers are read, not their text.
  ignoreEmbedded: true,
  // The delivery report is read as fields, not mixed into the text.
  keepDeliveryStatus: true,
  skipTextToHtml: true,
  skipImageLinks: true,
  maxHtmlLengthToParse: MAX_HTML_TO_TEXT,
  checksumAlgo: false,
} as const;

/**
 * Reads a raw RFC 5322 message (as an SMTP DATA or a provider's inbound-parse webhook delivers it)
 * with mailparser, and says which letter it answers and whether a person wrote it. Throws an
 * InboundMailError for input that is not an e-mail or names no letter.
 */
export async function readInboundMessage(raw: Buffer, options: ReadInboundOptions): Promise<InboundMessage> {
  if (raw.length === 0 || raw.toString('latin1').trim() === '') throw new InboundMailError('empty', 'The message is empty');
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    throw new InboundMailError('not-a-message', `The message cannot be read as MIME: ${(error as Error).message}`);
  }
  const sender = mail.from?.value.find((entry) => entry.address !== undefined && entry.address !== '');
  if (mail.headers.size === 0 || sender?.address === undefined) {
    throw new InboundMailError('not-a-message', 'This is not an e-mail message: it has no header block with a From address');
  }

  const report = deliveryReportOf(mail);
  const kind = kindOf(mail, report);
  const letterId =
    // A delivery report concerns the original it returns, whoever it was sent to.
    (report !== undefined ? await originalLetterOf(mail, options.domain) : undefined) ??
    letterAnswered(mail, options.domain, options.envelopeRecipients);
  if (letterId === undefined) {
    throw new InboundMailError(
      'no-letter',
      `The message names no letter: none of its recipients is a reply address reply+<letterId>@${options.domain}, ` +
        'and neither In-Reply-To nor References holds a letter’s Message-ID',
    );
  }

  const deliveryStatus = mail.attachments.find((part) => part.contentType === 'message/delivery-status');
  const text = [mail.text ?? '', ...(deliveryStatus ? [`${DELIVERY_REPORT_HEADING}\n${deliveryStatus.content.toString('utf8')}`] : [])]
    .join('\n\n')
    .trim();
  const receivedAt = receivedAtOf(mail);
  return {
    messageId: mail.messageId ?? `<${createHash('sha256').update(raw).digest('hex')}@inbound.collections>`,
    from: sender.name ? `${sender.name} <${sender.address}>` : sender.address,
    subject: mail.subject ?? '',
    ...(receivedAt === undefined ? {} : { receivedAt }),
    text: bounded(text),
    attachments: mail.attachments
      .filter((part) => part !== deliveryStatus)
      .map((part) => ({ name: part.filename ?? unnamed(part.contentType), size: part.size, contentType: part.contentType })),
    kind,
    letterId,
  };
}

/** The delivery report of a DSN, when the message has one. */
function deliveryReportOf(mail: ParsedMail): DeliveryStatusReport | undefined {
  const part = mail.attachments.find((attachment) => attachment.contentType === 'message/delivery-status');
  return part === undefined ? undefined : readDeliveryStatus(part.content.toString('utf8'));
}

/** The letter a bounce returns, read from the original message (or its headers) it carries. */
async function originalLetterOf(mail: ParsedMail, domain: string): Promise<string | undefined> {
  for (const part of mail.attachments) {
    if (part.contentType !== 'message/rfc822' && part.contentType !== 'text/rfc822-headers') continue;
    // Headers alone end without the blank line a message has.
    const original = await simpleParser(Buffer.concat([part.content, Buffer.from('\r\n\r\n')]), PARSER_OPTIONS);
    const letterId = letterReturned(original, domain);
    if (letterId !== undefined) return letterId;
  }
  return undefined;
}

function receivedAtOf(mail: ParsedMail): string | undefined {
  const received = mail.headers.get('received');
  const topmost = Array.isArray(received) ? received[0] : received;
  if (typeof topmost !== 'string' || !topmost.includes(';')) return undefined;
  const at = Date.parse(
    topmost
      .slice(topmost.lastIndexOf(';') + 1)
      .replace(/\([^)]*\)/g, '')
      .trim(),
  );
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

function bounded(text: string): string {
  if (text.length <= MAX_TEXT_LENGTH) return text;
  return `${text.slice(0, MAX_TEXT_LENGTH)}\n\n[The message’s text was ${text.length} characters long; only the first ${MAX_TEXT_LENGTH} are kept.]`;
}

function unnamed(contentType: string): string {
  return contentType === 'message/rfc822' ? 'message.eml' : contentType === 'text/rfc822-headers' ? 'headers.txt' : 'unnamed';
}
